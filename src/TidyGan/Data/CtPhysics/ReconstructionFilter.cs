namespace TidyGan.Data.CtPhysics;

/// <summary>
/// The ramp |ω| of filtered back-projection and its apodised forms. The window multiplies the ramp's frequency
/// response, f in cycles per detector sample (Nyquist 0.5).
/// </summary>
public enum ReconstructionFilter
{
    /// <summary>Ram-Lak: the ramp band-limited at Nyquist, window 1 (sharpest, noisiest).</summary>
    RamLak,

    /// <summary>Shepp–Logan: sinc(f) = sin(πf)/(πf).</summary>
    SheppLogan,

    /// <summary>Hann: ½(1 + cos 2πf), zero at Nyquist.</summary>
    Hann,

    /// <summary>Hamming: 0.54 + 0.46·cos 2πf.</summary>
    Hamming,
}
