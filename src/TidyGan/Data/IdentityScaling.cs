namespace TidyGan.Data;

/// <summary>Photographic pixels [0, Max] (255 for 8-bit, 65535 for 16-bit) → [−1, 1]: n = 2·v/Max − 1.</summary>
public sealed record IdentityScaling(double Max = 255) : LinearWindow(0, Max)
{
    public static IdentityScaling Byte { get; } = new();

    public override string Unit => "pixel";
}
