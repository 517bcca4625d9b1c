using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Training;

namespace TidyGan.Cli;

/// <summary>User mistakes become one clear line and exit code 1; only real bugs show a stack trace.</summary>
internal static class ErrorReporter
{
    public static int Report(Exception exception)
    {
        var e = exception is CommandRuntimeException { InnerException: { } inner } ? inner : exception;
        // Plain stderr, unwrapped: one line a user can read, grep and paste.
        if (IsUserError(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return e is CommandParseException or CommandRuntimeException ? 2 : 1;
        }
        Console.Error.WriteLine($"internal error (please report it): {e}");
        return 70;
    }

    private static bool IsUserError(Exception e) => e is CommandParseException or CommandRuntimeException
        or ArgumentException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException
        or IOException or CheckpointException or TrainingDivergedException or DataFormatException or MissingDataPackageException
        or InvalidOperationException or NotSupportedException;
}
