namespace TidyGan.TuringTest.Tests;

/// <summary>Trait values: the fast filter of README.md ("Category!=Slow&amp;Category!=Browser&amp;Category!=PythonReference") skips both.</summary>
internal static class Traits
{
    public const string Category = "Category";
    /// <summary>Drives Debian's Chromium (/usr/bin/chromium) with Playwright.</summary>
    public const string Browser = "Browser";
    /// <summary>Seconds to minutes: the load test.</summary>
    public const string Slow = "Slow";
}
