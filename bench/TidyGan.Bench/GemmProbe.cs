using System.Diagnostics;
using static TorchSharp.torch;

namespace TidyGan.Bench;

/// <summary>
/// A practical ceiling beside the nominal peak: libtorch's FP32 matrix multiply (n³ multiply-adds) on
/// this machine, best of a few. Under a hypervisor /proc/cpuinfo's clock is nominal; turbo can exceed it.
/// </summary>
internal static class GemmProbe
{
    public static double GFlops(int n = 3072, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        mm(a, b).Dispose();                                  // warm-up
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            mm(a, b).Dispose();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
