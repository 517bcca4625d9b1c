using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Reports;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan report --run DIR`: redraws a run's loss curves and report.html from its files.</summary>
public sealed class ReportCommand : Command<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--run <DIR>")]
        [Description("A run folder written by `tidygan train`")]
        public string? Run { get; init; }

        [CommandOption("--title <TEXT>")]
        public string? Title { get; init; }

        public override ValidationResult Validate() => Run is null ? ValidationResult.Error("--run DIR is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var page = RunReport.Write(settings.Run!, settings.Title ?? $"TidyGan run {Path.GetFileName(Path.GetFullPath(settings.Run!))}");
        AnsiConsole.MarkupLineInterpolated($"report: {page}");
        return 0;
    }
}
