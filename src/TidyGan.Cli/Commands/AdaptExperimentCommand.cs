using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Experiments;
using TidyGan.Data;

namespace TidyGan.Cli.Commands;

public sealed class AdaptExperimentCommand : Command<AdaptExperimentCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--targets <LIST>")]
        [Description("Target domains, comma-separated: sim-mr, ct-head (default both)")]
        public string Targets { get; init; } = "sim-mr,ct-head";

        [CommandOption("--seeds <LIST>")]
        [Description("Training seeds, comma-separated (default 1,2,3)")]
        public string Seeds { get; init; } = "1,2,3";

        [CommandOption("--steps <N>")]
        [Description("Training steps of every arm (default 600)")]
        public long Steps { get; init; } = 600;

        [CommandOption("--mode <MODE>")]
        [Description("alternating (default) or grl")]
        public string Mode { get; init; } = "alternating";

        [CommandOption("--objective <LOSS>")]
        [Description("flipped (default: segmenter minimises D's cross-entropy with swapped domain labels) or minimax (the paper's −α·L_D; required by --mode grl)")]
        public string? Objective { get; init; }

        [CommandOption("--disc-layers <LIST>")]
        [Description("Discriminator inputs (default: all U-Net layers)")]
        public string? DiscLayers { get; init; }

        [CommandOption("--alpha <A>")]
        [Description("Final adversarial weight α (default 0.1)")]
        public double Alpha { get; init; } = 0.1;

        [CommandOption("--out <DIR>")]
        [Description("Experiment folder: seed-S/<arm> runs, results.json, results.md, figures/ (a finished arm is reused when its whole configuration and data match; a differing one stops the run and names the fields)")]
        public string? Out { get; init; }

        [CommandOption("--force")]
        [Description("Rerun every arm: an existing arm folder is moved aside to NAME.replaced-TIME (never deleted)")]
        public bool Force { get; init; }

        public override ValidationResult Validate()
        {
            if (Out is null) return ValidationResult.Error("--out DIR is required");
            foreach (var t in TargetList) if (t is not (HeadDomains.SimulatedMr or HeadDomains.Ct)) return ValidationResult.Error($"--targets: '{t}' is not one of sim-mr, ct-head");
            if (TargetList.Length == 0) return ValidationResult.Error("--targets lists no target");
            if (Seeds.Split(',').Any(s => !int.TryParse(s, out _))) return ValidationResult.Error($"--seeds '{Seeds}' is not a comma-separated list of integers");
            if (Mode is not ("alternating" or "grl")) return ValidationResult.Error($"--mode '{Mode}' is not one of alternating, grl");
            if (Objective is not (null or "flipped" or "minimax")) return ValidationResult.Error($"--objective '{Objective}' is not one of flipped, minimax");
            if (Steps < 10) return ValidationResult.Error($"--steps must be at least 10 (got {Steps})");
            return ValidationResult.Success();
        }

        public string[] TargetList => Targets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        public int[] SeedList => Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
    }

    /// <summary>`tidygan adapt-experiment`: maps flags onto <see cref="AdaptationStudy"/>, shows progress and prints the table.</summary>

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var study = new AdaptationStudy(new AdaptationStudyOptions(s.TargetList, s.SeedList, s.Steps, s.Mode, s.Objective,
            s.DiscLayers?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), s.Alpha, s.Force), s.Out!);
        AnsiConsole.MarkupLineInterpolated($"{study.Describe()}");
        var clock = Stopwatch.StartNew();
        foreach (var seed in s.SeedList)
        {
            var seedClock = Stopwatch.StartNew();
            var notices = new List<string>();
            AnsiConsole.Progress().AutoClear(true)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    study.RunSeed(seed, (name, p) =>
                    {
                        if (!tasks.TryGetValue(name, out var task)) tasks[name] = task = ctx.AddTask($"seed {seed} {name}", maxValue: p.TotalSteps);
                        task.Value = p.Step;
                    }, notices.Add, cancellationToken);
                });
            foreach (var notice in notices) AnsiConsole.MarkupLineInterpolated($"[yellow]{notice}[/]");
            AnsiConsole.MarkupLineInterpolated($"seed {seed}: {seedClock.Elapsed.TotalMinutes:F1} min (all arms, both targets, including data loading and scoring)");
        }
        AnsiConsole.MarkupLineInterpolated($"all seeds: {clock.Elapsed.TotalMinutes:F1} min");
        AnsiConsole.Write(new Markup(Markup.Escape(AdaptationTable.Markdown(study.Scores))));
        study.WriteFigures();
        AnsiConsole.MarkupLineInterpolated($"Results: {Path.Combine(study.Folder, "results.md")}, figures: {Path.Combine(study.Folder, "figures")}");
        return 0;
    }
}
