using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TidyGan.Runtime;

/// <summary>
/// Process start-up settings every entry point (CLI, tests, benchmarks) applies before the first tensor.
/// The library also applies them when it is loaded (so a program that uses the TidyGan package gets them without
/// a call); set the environment variable <c>TIDYGAN_MALLOPT=0</c> to skip that automatic call.
/// </summary>
public static partial class NativeSetup
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;
    private static int applied;

    /// <summary>Whether <see cref="Apply"/> changed glibc's malloc thresholds in this process.</summary>
    public static bool MallocTuned { get; private set; }

    /// <summary>
    /// With glibc's default thresholds libtorch's multi-MB activation buffers are mmap'ed and unmapped
    /// every step, which roughly doubled a DC-GAN step on a 2-core machine. Keep them on the heap.
    /// Safe to call more than once.
    /// </summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref applied, 1) == 1) return;
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            MallocTuned = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1 & mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;
        }
        catch (DllNotFoundException) { }          // musl or another libc: nothing to tune
        catch (EntryPointNotFoundException) { }
    }

    /// <summary>Runs when TidyGan.dll is first used: <see cref="Apply"/>, unless TIDYGAN_MALLOPT=0.</summary>
#pragma warning disable CA2255 // a library's module initializer on purpose: the malloc fix must precede TidyGan's first tensor
    [ModuleInitializer]
    internal static void ApplyOnLoad()
    {
        if (Environment.GetEnvironmentVariable("TIDYGAN_MALLOPT") is "0") return;
        Apply();
    }
#pragma warning restore CA2255

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int param, int value);
}
