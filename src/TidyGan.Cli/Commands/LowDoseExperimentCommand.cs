using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Experiments.LowDose;
using TidyGan.Metrics.Features;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan lowdose-experiment`: maps flags onto <see cref="LowDoseExperimentOptions"/>, shows progress, prints the table.</summary>
public sealed class LowDoseExperimentCommand : Command<LowDoseExperimentCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--dose <LIST>")]
        [Description("Dose fractions, comma-separated (default 0.25,0.1)")]
        public string Doses { get; init; } = "0.25,0.1";

        [CommandOption("--seeds <LIST>")]
        [Description("Seeds (noise realisation, patches, network initialisation), comma-separated (default 1,2,3)")]
        public string Seeds { get; init; } = "1,2,3";

        [CommandOption("--arms <LIST>")]
        [Description("low-dose-fbp, mse, adversarial, wgan-perceptual, pix2pix (default all)")]
        public string Arms { get; init; } = "low-dose-fbp,mse,adversarial,wgan-perceptual,pix2pix";

        [CommandOption("--steps <N>")]
        [Description("Training steps of every arm (default 600)")]
        public long Steps { get; init; } = 600;

        [CommandOption("--batch <N>")]
        [Description("Patches per batch (default 8)")]
        public int Batch { get; init; } = 8;

        [CommandOption("--features <DIR>")]
        [Description("CT feature network for the wgan-perceptual arm's perceptual loss (from `tidygan features train --data ct-head`)")]
        public string? Features { get; init; }

        [CommandOption("--views <N>")]
        [Description("Projection views per rotation (default 360, fan beam)")]
        public int? Views { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Experiment folder: dose-D/seed-S/<arm> runs (reused when their configuration matches), results.json, table.md, figures")]
        public string? Out { get; init; }

        [CommandOption("--force")]
        [Description("Retrain every arm: an existing arm folder is moved aside to NAME.replaced-TIME (never deleted)")]
        public bool Force { get; init; }

        public override ValidationResult Validate()
        {
            if (Out is null) return ValidationResult.Error("--out DIR is required");
            if (DoseList is null) return ValidationResult.Error($"--dose '{Doses}' is not a comma-separated list of numbers");
            if (Seeds.Split(',').Any(s => !int.TryParse(s, out _))) return ValidationResult.Error($"--seeds '{Seeds}' is not a comma-separated list of integers");
            foreach (var arm in Arms.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (ParseArm(arm) is null) return ValidationResult.Error($"--arms: '{arm}' is not one of low-dose-fbp, mse, adversarial, wgan-perceptual, pix2pix");
            return ValidationResult.Success();
        }

        public double[]? DoseList
        {
            get
            {
                var parts = Doses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var values = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN).ToArray();
                return values.Length > 0 && values.All(double.IsFinite) ? values : null;
            }
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var options = new LowDoseExperimentOptions
        {
            Doses = s.DoseList!,
            Seeds = s.Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray(),
            Arms = s.Arms.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => ParseArm(a)!.Value).ToArray(),
            Steps = s.Steps,
            BatchSize = s.Batch,
        };
        if (s.Views is int views) options = options with { Scan = options.Scan with { Views = views } };
        using var features = s.Features is null ? null : DomainFeatures.Load(s.Features);
        IReadOnlyList<LowDoseScore> scores = [];
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                scores = LowDoseExperiment.Run(options, s.Out!, features?.Network, features?.Manifest.WeightsSha256, (name, p) =>
                {
                    if (!tasks.TryGetValue(name, out var task)) tasks[name] = task = ctx.AddTask(name, maxValue: p.TotalSteps);
                    task.Value = p.Step;
                }, notice => AnsiConsole.MarkupLineInterpolated($"{notice}"), s.Force, cancellation: cancellationToken);
            });
        AnsiConsole.WriteLine(File.ReadAllText(Path.Combine(s.Out!, LowDoseResults.TableFile)));
        AnsiConsole.MarkupLineInterpolated($"Results: {Path.Combine(s.Out!, LowDoseResults.JsonFile)}; figures: {s.Out}/panel-dose-*.png, lesions-dose-*.png, nps-dose-*.png");
        return cancellationToken.IsCancellationRequested ? 130 : 0;
    }

    private static LowDoseArm? ParseArm(string name) => name switch
    {
        "low-dose-fbp" => LowDoseArm.LowDoseFbp,
        "mse" => LowDoseArm.Mse,
        "adversarial" => LowDoseArm.Adversarial,
        "wgan-perceptual" => LowDoseArm.WganPerceptual,
        "pix2pix" => LowDoseArm.Pix2Pix,
        _ => null,
    };
}
