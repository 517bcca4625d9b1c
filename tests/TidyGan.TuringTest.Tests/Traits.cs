namespace TidyGan.TuringTest.Tests;

/// <summary>Trait values: `dotnet test --filter "Category!=Browser&amp;Category!=Slow"` runs the fast ones.</summary>
internal static class Traits
{
    public const string Category = "Category";
    /// <summary>Drives Debian's Chromium (/usr/bin/chromium) with Playwright.</summary>
    public const string Browser = "Browser";
    /// <summary>Seconds to minutes: the load test.</summary>
    public const string Slow = "Slow";
}
