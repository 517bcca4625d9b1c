namespace TidyGan.Cli;

/// <summary>What a loader only records (slice-cache rebuilds, skipped DICOM files) as one plain <c>warning:</c> line on stderr, like <see cref="ErrorReporter"/>'s <c>error:</c>.</summary>
internal static class Warnings
{
    public static void Print(string message) => Console.Error.WriteLine($"warning: {message}");
}
