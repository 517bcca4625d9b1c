namespace TidyGan.Nn;

/// <summary>
/// The MLPs of the 2-D mixture benchmarks. Defaults are PacGAN's synthetic experiments (Lin 2018; code
/// fjxmlzn/PacGAN, 2DRing/2DGrid config.py and pacgan_task.py): z ~ N(0, I₂); G = 4 hidden layers of 400
/// (linear without bias → batch norm → ReLU) and a linear output; D = 3 maxout layers of 200 units with
/// 5 pieces and a linear output; weights N(0, 0.02), biases 0. <see cref="Packing"/> m &gt; 1 makes D
/// judge m samples at once (input 2m).
/// </summary>
public sealed record PointGanOptions
{
    public int LatentDim { get; init; } = 2;
    public int GeneratorWidth { get; init; } = 400;
    public int GeneratorLayers { get; init; } = 4;
    public int DiscriminatorWidth { get; init; } = 200;
    public int DiscriminatorLayers { get; init; } = 3;
    public int MaxoutPieces { get; init; } = 5;
    public double InitStd { get; init; } = 0.02;
    public int Packing { get; init; } = 1;

    public static PointGanOptions Paper { get; } = new();

    public void Validate()
    {
        if (LatentDim < 1 || GeneratorWidth < 1 || GeneratorLayers < 1 || DiscriminatorWidth < 1 || DiscriminatorLayers < 1 || MaxoutPieces < 1)
            throw new ArgumentException("point GAN sizes must be positive");
        if (Packing < 1) throw new ArgumentException($"packing must be at least 1 (got {Packing})");
        if (InitStd <= 0) throw new ArgumentException($"init std must be positive (got {InitStd})");
    }
}
