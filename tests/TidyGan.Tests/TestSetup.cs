using System.Runtime.CompilerServices;

namespace TidyGan.Tests;

internal static class TestSetup
{
    /// <summary>The malloc fix applies to the test host too (DESIGN.md, "malloc churn").</summary>
    [ModuleInitializer]
    internal static void Init() => TidyGan.Runtime.NativeSetup.Apply();
}

/// <summary>Trait names: slow real-data tests are tagged <c>[Trait(Traits.Category, Traits.Slow)]</c>.</summary>
public static class Traits
{
    public const string Category = "Category";
    public const string Slow = "Slow";
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
