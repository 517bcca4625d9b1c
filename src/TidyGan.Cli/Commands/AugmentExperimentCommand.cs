using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Experiments;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan augment-experiment`: does C-GAN data beat the classic remedies for class imbalance? Arms (a)–(e), seeds, one table.</summary>
public sealed class AugmentExperimentCommand : Command<AugmentExperimentCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <NAME>")]
        [Description("fashion-mnist (default), or an image FOLDER / folder:PATH with class sub-folders (train/ and test/ inside it, else a seeded 20% per-class test split)")]
        public string Data { get; init; } = "fashion-mnist";

        [CommandOption("--imbalance <LIST>")]
        [Description("Fractions of each minority class kept (default 0.01,0.05)")]
        public string Imbalance { get; init; } = "0.01,0.05";

        [CommandOption("--minority <LIST>")]
        [Description("Minority class indices (default: 2,4,6 = pullover, coat, shirt for fashion-mnist; the first min(3, K−1) classes of a folder)")]
        public string? Minority { get; init; }

        [CommandOption("--seeds <LIST>")]
        [Description("Seeds (default 1,2,3); each seed redraws the imbalanced subset, the C-GAN and every classifier")]
        public string Seeds { get; init; } = "1,2,3";

        [CommandOption("--budget <NAME>")]
        [Description("cpu (default; ~10 min per seed on 2 cores) | paper (C-GAN 10000 steps, width 64; classifier 3000 steps, width 32)")]
        public string Budget { get; init; } = "cpu";

        [CommandOption("--gan-steps <N>")]
        public int? GanSteps { get; init; }

        [CommandOption("--gan-width <N>")]
        public int? GanWidth { get; init; }

        [CommandOption("--classifier-steps <N>")]
        [Description("Optimiser steps of every classifier (same in every arm)")]
        public int? ClassifierSteps { get; init; }

        [CommandOption("--classifier-batch <N>")]
        public int? ClassifierBatch { get; init; }

        [CommandOption("--classifier-width <N>")]
        public int? ClassifierWidth { get; init; }

        [CommandOption("--synthetic-ratio <R>")]
        [Description("Arm (c): fill minority classes up to R × the median majority count (default 1)")]
        public double? SyntheticRatio { get; init; }

        [CommandOption("--cas-per-class <N>")]
        [Description("Arm (d): C-GAN samples per class (default: the median majority count)")]
        public int? CasPerClass { get; init; }

        [CommandOption("--score-images <N>")]
        [Description("Per-class C-GAN scores: at most N images per side (default 1000)")]
        public int? ScoreImages { get; init; }

        [CommandOption("--size <N>")]
        [Description("Image side (default 28 for fashion-mnist, 32 for folders)")]
        public int? Size { get; init; }

        [CommandOption("--limit <N>")]
        [Description("Use only the first N training images (quick checks)")]
        public int? Limit { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Output folder; a rerun reuses each arm whose whole configuration and data match, and stops naming the differing fields at one that does not")]
        public string? Out { get; init; }

        [CommandOption("--force")]
        [Description("Rerun every arm: an existing arm folder is moved aside to NAME.replaced-TIME (never deleted)")]
        public bool Force { get; init; }

        public override ValidationResult Validate() =>
            Out is null ? ValidationResult.Error("--out DIR is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var preset = AugmentExperimentOptions.Preset(s.Budget);
        var classifier = preset.ClassifierBudget;
        classifier = classifier with
        {
            Steps = s.ClassifierSteps ?? classifier.Steps, BatchSize = s.ClassifierBatch ?? classifier.BatchSize, Width = s.ClassifierWidth ?? classifier.Width,
        };
        var options = preset with
        {
            Data = s.Data,
            ImbalanceLevels = Doubles(s.Imbalance, "--imbalance"),
            MinorityClasses = s.Minority is null ? null : Ints(s.Minority, "--minority"),
            Seeds = Ints(s.Seeds, "--seeds"),
            GanSteps = s.GanSteps ?? preset.GanSteps,
            GanWidth = s.GanWidth ?? preset.GanWidth,
            Classifier = classifier,
            SyntheticRatio = s.SyntheticRatio ?? preset.SyntheticRatio,
            CasPerClass = s.CasPerClass ?? preset.CasPerClass,
            ScoreImages = s.ScoreImages ?? preset.ScoreImages,
            Size = s.Size,
            Limit = s.Limit,
        };
        var experiment = new AugmentExperiment(options, s.Out!, s.Force);
        var notices = new List<string>();
        experiment.Notice += notices.Add;
        AugmentExperimentReport report = null!;
        JobProgress.Create()
            .Start(ctx =>
            {
                var task = ctx.AddTask("augment experiment", maxValue: experiment.TotalUnits);
                experiment.PhaseStarted += phase => task.Description = Markup.Escape(phase);
                experiment.Advanced += units => task.Increment(units);
                report = experiment.Run(cancellationToken);
                task.Value = task.MaxValue;
                task.Description = "augment experiment";
            });
        foreach (var notice in notices) AnsiConsole.MarkupLineInterpolated($"[yellow]{notice}[/]");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("level").AddColumn("arm").AddColumn("balanced acc. %").AddColumn("macro F1 %").AddColumn("minority recall %");
        foreach (var a in report.Summary)
            table.AddRow($"{100 * a.Level:0.##}%", Markup.Escape(AugmentArms.Describe(a.Arm)), AugmentExperimentReport.Points(a.BalancedAccuracy), AugmentExperimentReport.Points(a.MacroF1), AugmentExperimentReport.Points(a.MinorityRecall));
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(report.Statement());
        AnsiConsole.MarkupLineInterpolated($"results: {Path.Combine(s.Out!, "results.md")}, {Path.Combine(s.Out!, "results.json")}");
        return 0;
    }

    private static double[] Doubles(string text, string option) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{option}: '{t}' is not a number")).ToArray();

    private static int[] Ints(string text, string option) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{option}: '{t}' is not an integer")).ToArray();
}
