using TorchSharp;

namespace TidyGan.Data;

/// <summary>
/// Maps physical intensities (HU, MR units, pixel values) to the network's [−1, 1] and back. Implementations
/// are linear with clamping, so <see cref="ToPhysical(float)"/> inverts <see cref="ToNormalized(float)"/>
/// exactly inside the window.
/// </summary>
public interface IIntensityMapping
{
    /// <summary>Physical unit, e.g. "HU".</summary>
    string Unit { get; }

    float ToNormalized(float physical);

    float ToPhysical(float normalized);

    /// <summary>Element-wise <see cref="ToNormalized(float)"/>; returns a new tensor.</summary>
    torch.Tensor ToNormalized(torch.Tensor physical);

    /// <summary>Element-wise <see cref="ToPhysical(float)"/>; returns a new tensor.</summary>
    torch.Tensor ToPhysical(torch.Tensor normalized);
}

/// <summary>Shared linear window [Lower, Upper] → [−1, 1], computed in double so the inverse is exact.</summary>
public abstract record LinearWindow(double Lower, double Upper) : IIntensityMapping
{
    public abstract string Unit { get; }

    public float ToNormalized(float physical) =>
        (float)Math.Clamp(2.0 * (physical - Lower) / (Upper - Lower) - 1.0, -1.0, 1.0);

    public float ToPhysical(float normalized) =>
        (float)((Math.Clamp(normalized, -1.0, 1.0) + 1.0) * 0.5 * (Upper - Lower) + Lower);

    public torch.Tensor ToNormalized(torch.Tensor physical)
    {
        using var scope = torch.NewDisposeScope();
        var x = physical.to_type(torch.ScalarType.Float64);
        var y = (x.sub(Lower).mul(2.0 / (Upper - Lower)).sub(1.0)).clamp(-1.0, 1.0).to_type(torch.ScalarType.Float32);
        return y.MoveToOuterDisposeScope();
    }

    public torch.Tensor ToPhysical(torch.Tensor normalized)
    {
        using var scope = torch.NewDisposeScope();
        var x = normalized.to_type(torch.ScalarType.Float64).clamp(-1.0, 1.0);
        var y = x.add(1.0).mul(0.5 * (Upper - Lower)).add(Lower).to_type(torch.ScalarType.Float32);
        return y.MoveToOuterDisposeScope();
    }
}
