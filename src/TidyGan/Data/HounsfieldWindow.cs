namespace TidyGan.Data;

/// <summary>
/// CT: Hounsfield units in [Lower, Upper] → [−1, 1] linearly, clamped outside: n = 2·(HU − Lower)/(Upper − Lower) − 1.
/// The default −1024…3071 HU is the 12-bit range CT scanners store, so nothing real is clamped and the
/// inverse gives back integer HU after rounding.
/// </summary>
public sealed record HounsfieldWindow(double Lower = -1024, double Upper = 3071) : LinearWindow(Lower, Upper)
{
    /// <summary>Whole 12-bit CT range.</summary>
    public static HounsfieldWindow Full { get; } = new();

    /// <summary>Brain display window, level 40 / width 80 HU (too narrow for training; for viewing).</summary>
    public static HounsfieldWindow Brain { get; } = new(0, 80);

    public override string Unit => "HU";
}
