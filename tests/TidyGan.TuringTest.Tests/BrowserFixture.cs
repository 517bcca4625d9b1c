using Microsoft.Playwright;

namespace TidyGan.TuringTest.Tests;

/// <summary>
/// One headless Debian Chromium (/usr/bin/chromium) for the browser tests, driven by the Playwright driver
/// shipped inside the Microsoft.Playwright package (its own node binary; nothing is downloaded, and
/// `playwright install` is never run).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where to save screenshots for the docs (TIDYGAN_SCREENSHOTS=docs/img/turing-test), or null.</summary>
    public static string? ScreenshotFolder => Environment.GetEnvironmentVariable("TIDYGAN_SCREENSHOTS") is { Length: > 0 } folder
        ? Path.GetFullPath(folder, RepositoryRoot()) : null;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing: apt-get install -y chromium");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TidyGan.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
