namespace TidyGan.IO;

/// <summary>
/// Derives seeds from (run seed, counters) the same way in every process. Why not HashCode.Combine:
/// .NET randomises it per process, so a resumed run would see other batches than the original.
/// </summary>
public static class StableSeed
{
    public static int Mix(long seed, long a, long b = 0)
    {
        ulong x = SplitMix((ulong)seed);
        x = SplitMix(x ^ (ulong)a);
        x = SplitMix(x ^ (ulong)b);
        return (int)(x >> 33);          // non-negative int
    }

    // SplitMix64 finaliser (Steele et al. 2014): a cheap, well-mixed 64-bit hash.
    private static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
