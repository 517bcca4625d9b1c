using System.Reflection;
using Spectre.Console.Cli;
using TidyGan.IO;

namespace TidyGan.Cli;

/// <summary>
/// User mistakes become one clear <c>error:</c> line and exit code 1 (2 for a command line that does not parse);
/// anything else is a bug: a short line naming a crash log that holds the stack trace, and exit code 70
/// (EX_SOFTWARE in sysexits.h).
/// </summary>
internal static class ErrorReporter
{
    public const int UserError = 1;
    public const int UsageError = 2;
    public const int InternalError = 70;

    /// <summary>The command line as the user typed it, for the crash log.</summary>
    public static IReadOnlyList<string> Arguments { get; set; } = [];

    public static int Report(Exception exception) => Report(exception, Console.Error, CrashLogFolders());

    /// <summary>Reports to <paramref name="stderr"/>; a crash log goes to the first of <paramref name="crashFolders"/> that can be written.</summary>
    internal static int Report(Exception exception, TextWriter stderr, IEnumerable<string> crashFolders)
    {
        var e = Unwrap(exception);
        // Plain stderr, unwrapped: one line a user can read, grep and paste.
        if (IsUserError(e))
        {
            stderr.WriteLine($"error: {e.Message}");
            return e is CommandParseException or CommandRuntimeException ? UsageError : UserError;
        }
        var log = WriteCrashLog(e, crashFolders);
        var firstLine = e.Message.Split('\n', 2)[0].TrimEnd();
        if (log is null)
            stderr.WriteLine($"internal error (please report it; no crash log could be written): {e}");
        else
            stderr.WriteLine($"internal error: {e.GetType().FullName}: {firstLine}; the stack trace is in {log}");
        return InternalError;
    }

    /// <summary>
    /// What a user can fix. <see cref="ArgumentException"/> is one: the library's options records and the commands
    /// validate flag values by throwing it (ArgumentOutOfRangeException.ThrowIfNegative, "--size 50 is not b·2^k", ...),
    /// so it names a flag the user gave. <see cref="ArgumentNullException"/> never does (a null is our bug).
    /// <see cref="InvalidDataException"/> is .NET's "this file's content is not valid" (a damaged .npy, manifest or
    /// ONNX file), a user's file like <see cref="IOException"/>'s.
    /// </summary>
    internal static bool IsUserError(Exception e) => e switch
    {
        ArgumentNullException => false,
        UserException or CommandParseException or CommandRuntimeException or ArgumentException => true,
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException => true,
        InvalidDataException => true,
        _ => false,
    };

    private static Exception Unwrap(Exception exception) => exception switch
    {
        CommandRuntimeException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions: [var single] } => Unwrap(single),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => exception,
    };

    /// <summary>$XDG_STATE_HOME/tidygan (default ~/.local/state/tidygan), then the temp folder.</summary>
    internal static IEnumerable<string> CrashLogFolders()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (!string.IsNullOrEmpty(home)) state = Path.Combine(home, ".local", "state");
        }
        if (!string.IsNullOrEmpty(state)) yield return Path.Combine(state, "tidygan");
        yield return Path.Combine(Path.GetTempPath(), "tidygan");
    }

    private static string? WriteCrashLog(Exception e, IEnumerable<string> folders)
    {
        var now = DateTimeOffset.Now;
        var name = $"crash-{now:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log";
        var text = string.Join('\n',
            $"tidygan {Version()} crashed at {now:O}",
            $"command line: tidygan {string.Join(' ', Arguments.Select(Quote))}",
            $"working directory: {Environment.CurrentDirectory}",
            $"runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            "",
            e.ToString(),
            "");
        foreach (var folder in folders)
        {
            try
            {
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, name);
                File.WriteAllText(path, text);
                return path;
            }
            catch (Exception io) when (io is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                // try the next folder
            }
        }
        return null;
    }

    private static string Version() =>
        typeof(ErrorReporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ErrorReporter).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./:=,+@".Contains(c))
        ? arg : $"'{arg.Replace("'", "'\\''")}'";
}
