using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn.CycleGan;

/// <summary>
/// The two generators as one module, so the one trainer's single generator optimiser updates both (the
/// reference chains G_A's and G_B's parameters into one Adam). a_to_b is the paper's G: X → Y, b_to_a its F.
/// </summary>
public sealed class CycleGenerators : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> a_to_b;     // keys a_to_b.model.1.weight, ...
    private readonly Module<Tensor, Tensor> b_to_a;

    public CycleGenerators(CycleGanOptions options) : base(nameof(CycleGenerators))
    {
        Options = options.Validate();
        a_to_b = Create(options);
        b_to_a = Create(options);
        RegisterComponents();
    }

    public CycleGanOptions Options { get; }

    public Module<Tensor, Tensor> AToB => a_to_b;
    public Module<Tensor, Tensor> BToA => b_to_a;

    public static Module<Tensor, Tensor> Create(CycleGanOptions options) => options.Generator == CycleGeneratorKind.UNet
        ? new UnetGenerator(options)
        : new ResnetGenerator(options);

    /// <summary>A → B (use <see cref="BToA"/> for the other direction).</summary>
    public override Tensor forward(Tensor a) => a_to_b.call(a);
}

/// <summary>The two PatchGAN discriminators and their image pools as one module (one optimiser, one checkpoint file).</summary>
public sealed class CycleDiscriminators : Module<Tensor, Tensor>
{
    private readonly PatchDiscriminator judge_a;         // real A vs F(b); the reference's D_B
    private readonly PatchDiscriminator judge_b;         // real B vs G(a); the reference's D_A
    private readonly ImagePool pool_a;
    private readonly ImagePool pool_b;

    public CycleDiscriminators(CycleGanOptions options) : base(nameof(CycleDiscriminators))
    {
        options.Validate();
        judge_a = new PatchDiscriminator(options);
        judge_b = new PatchDiscriminator(options);
        pool_a = new ImagePool(options.PoolSize, options.Channels, options.ImageSize);
        pool_b = new ImagePool(options.PoolSize, options.Channels, options.ImageSize);
        RegisterComponents();
    }

    public PatchDiscriminator JudgeA => judge_a;
    public PatchDiscriminator JudgeB => judge_b;
    public ImagePool PoolA => pool_a;
    public ImagePool PoolB => pool_b;

    /// <summary>Scores of domain-B images (<see cref="JudgeA"/> for domain A).</summary>
    public override Tensor forward(Tensor b) => judge_b.call(b);

    /// <summary>Gradients off during the generators' half of the step, as the reference's set_requires_grad(D, False).</summary>
    public void RequiresGrad(bool on)
    {
        foreach (var p in parameters()) p.requires_grad = on;
    }
}
