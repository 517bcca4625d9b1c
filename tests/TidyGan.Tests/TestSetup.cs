using System.Runtime.CompilerServices;

namespace TidyGan.Tests;

internal static class TestSetup
{
    /// <summary>The malloc fix applies to the test host too (DESIGN.md, "malloc churn").</summary>
    [ModuleInitializer]
    internal static void Init() => TidyGan.Runtime.NativeSetup.Apply();
}

/// <summary>
/// Trait names. Slow real-data tests are tagged <c>[Trait(Traits.Category, Traits.Slow)]</c>; tests that compare
/// against Debian's python3 (numpy, scipy, nibabel, scikit-image) <c>[Trait(Traits.Category, Traits.PythonReference)]</c>.
/// The fast filter skips both (and the web app's Browser tests): <see cref="FastFilter"/>.
/// </summary>
public static class Traits
{
    public const string Category = "Category";
    public const string Slow = "Slow";
    public const string PythonReference = "PythonReference";
    public const string Browser = "Browser";

    /// <summary>The documented fast filter (README, scripts/test.sh); a test keeps the three in sync.</summary>
    public const string FastFilter = "Category!=Slow&Category!=Browser&Category!=PythonReference";
}

/// <summary>
/// Tests that need torch's process-wide RNG to themselves (seeded initial weights, bit-for-bit
/// comparisons) run in this collection, which xunit runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomState
{
    public const string Name = "torch global RNG";
}
