using Spectre.Console;

namespace TidyGan.Cli.Commands;

/// <summary>The progress display of a long job: stays on screen when done, with elapsed and remaining time.</summary>
internal static class JobProgress
{
    public static Progress Create() => AnsiConsole.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                 new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn());
}
