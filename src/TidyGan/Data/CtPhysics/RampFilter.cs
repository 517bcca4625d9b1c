using static TorchSharp.torch;

namespace TidyGan.Data.CtPhysics;

/// <summary>
/// The convolution step of filtered back-projection, done by FFT. The kernel is Kak &amp; Slaney's band-limited
/// spatial ramp (Principles of Computerized Tomographic Imaging, 1988, eq. 3.61 for parallel beams, 3.104 for
/// equiangular fans) sampled on a zero-padded grid of at least twice the detector count and transformed: this
/// keeps the ramp's correct DC value and avoids the cupping and wrap-around of a ramp drawn directly in
/// frequency. The window (<see cref="ReconstructionFilter"/>) then multiplies that response.
/// </summary>
internal static class RampFilter
{
    /// <summary>Filters each view of <paramref name="sinogram"/> [N, 1, V, D] along the detectors.</summary>
    public static Tensor Apply(Tensor sinogram, CtGeometry geometry, ReconstructionFilter filter)
    {
        using var scope = NewDisposeScope();
        int detectors = geometry.Detectors;
        int padded = 64;
        while (padded < 2 * detectors) padded *= 2;
        var response = tensor(Response(geometry, filter, padded)).to(sinogram.dtype, sinogram.device);
        var spectrum = fft.rfft(sinogram, padded, dim: -1) * response;
        return fft.irfft(spectrum, padded, dim: -1)[.., .., .., ..detectors].contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Real frequency response (padded/2 + 1 values), the sample spacing folded in.</summary>
    internal static double[] Response(CtGeometry geometry, ReconstructionFilter filter, int padded)
    {
        var kernel = new double[padded];
        double spacing;
        if (geometry is FanBeamGeometry fan)
        {
            double a = spacing = fan.DetectorAngleRad;
            kernel[0] = 1 / (8 * a * a);                                     // g(nα) = ½(nα/sin nα)²·h(nα)
            for (int n = 1; n <= padded / 2; n += 2)
                kernel[n] = kernel[padded - n] = -1 / (2 * Math.PI * Math.PI * Math.Pow(Math.Sin(n * a), 2));
        }
        else
        {
            double t = spacing = ((ParallelBeamGeometry)geometry).DetectorSpacingMm;
            kernel[0] = 1 / (4 * t * t);                                     // h(nτ): 1/4τ², 0 (n even), −1/(nπτ)² (n odd)
            for (int n = 1; n <= padded / 2; n += 2)
                kernel[n] = kernel[padded - n] = -1 / Math.Pow(n * Math.PI * t, 2);
        }
        var response = new double[padded / 2 + 1];
        for (int k = 0; k < response.Length; k++)
        {
            double re = 0;                                                   // the kernel is even: its DFT is real
            for (int n = 0; n < padded; n++) re += kernel[n] * Math.Cos(2 * Math.PI * k * n / padded);
            response[k] = re * spacing * Window(filter, (double)k / padded);
        }
        return response;
    }

    internal static double Window(ReconstructionFilter filter, double f) => filter switch
    {
        ReconstructionFilter.RamLak => 1,
        ReconstructionFilter.SheppLogan => f == 0 ? 1 : Math.Sin(Math.PI * f) / (Math.PI * f),
        ReconstructionFilter.Hann => 0.5 * (1 + Math.Cos(2 * Math.PI * f)),
        ReconstructionFilter.Hamming => 0.54 + 0.46 * Math.Cos(2 * Math.PI * f),
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "unknown reconstruction filter"),
    };
}
