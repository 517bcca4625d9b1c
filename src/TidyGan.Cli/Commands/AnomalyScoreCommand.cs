using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>
/// `tidygan anomaly score --checkpoint RUN --input FILE|ct-head|mr-head --method fanogan|anogan --out DIR`: per-slice anomaly
/// scores (CSV, JSON), the per-pixel map as NIfTI on the input's grid and PNG overlays (<see cref="AnomalyScoring"/>).
/// </summary>
public sealed class AnomalyScoreCommand : Command<AnomalyScoreCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--checkpoint <RUN>")]
        [Description("fanogan: a `train fanogan` run; anogan: a WGAN-GP run (train dcgan --loss wgan-gp) or a fanogan run (its G and D)")]
        public string? Checkpoint { get; init; }

        [CommandOption("--input <FILE>")]
        [Description("Volume to score: ct-head, mr-head, or a NIfTI / InVesalius .inv3 / DICOM file or folder")]
        public string? Input { get; init; }

        [CommandOption("--method <M>")]
        [Description("fanogan (default: one encoder pass) or anogan (latent search per slice)")]
        public string Method { get; init; } = "fanogan";

        [CommandOption("--iterations <N>")]
        [Description("anogan: gradient steps on z (default 500, the paper's)")]
        public int Iterations { get; init; } = AnoGanOptions.Paper.Iterations;

        [CommandOption("--lambda <L>")]
        [Description("anogan: weight λ of the discrimination loss (default 0.1, the paper's)")]
        public double Lambda { get; init; } = AnoGanOptions.Paper.Lambda;

        [CommandOption("--lr <RATE>")]
        [Description("anogan: Adam step size on z (default 0.01)")]
        public double LearningRate { get; init; } = AnoGanOptions.Paper.LearningRate;

        [CommandOption("--seed <S>")]
        [Description("anogan: seed of the starting z (default 0)")]
        public int Seed { get; init; }

        [CommandOption("--batch <N>")]
        [Description("Slices per pass (default 16)")]
        public int Batch { get; init; } = 16;

        [CommandOption("--out <DIR>")]
        [Description("Folder for scores.csv, scores.json, anomaly-map.nii.gz and overlays.png")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (Checkpoint is null) return ValidationResult.Error("--checkpoint RUN is required");
            if (Input is null) return ValidationResult.Error("--input FILE|ct-head|mr-head is required");
            if (Out is null) return ValidationResult.Error("--out DIR is required");
            if (Method is not ("fanogan" or "anogan")) return ValidationResult.Error($"--method must be fanogan or anogan (got '{Method}')");
            if (Batch < 1) return ValidationResult.Error($"--batch must be ≥ 1 (got {Batch})");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var method = settings.Method == "anogan" ? AnomalyMethod.AnoGan : AnomalyMethod.FAnoGan;
        var anoGan = new AnoGanOptions(settings.Iterations, settings.Lambda, settings.LearningRate).Validate();
        var path = settings.Input switch { "ct-head" => Datasets.CraniumPath, "mr-head" => Datasets.Ch2Path, var p => p! };
        var (input, _) = AnsiConsole.Status().Start($"Reading {settings.Input}…", _ => TranslateCommand.Read(path));
        AnomalyScores scores = null!;
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(settings.Method, maxValue: 1);
                scores = AnomalyScoring.Score(settings.Checkpoint!, input, settings.Input!, method, settings.Out!, anoGan, settings.Seed, settings.Batch,
                    new TranslateCommand.Progress(p => { task.MaxValue = p.Total; task.Value = p.Done; }));
                task.Value = task.MaxValue;
            });
        var ranked = scores.Slices.OrderByDescending(s => s.Score).Take(3).Select(s => $"slice {s.Slice}: {s.Score:G4}");
        AnsiConsole.MarkupLineInterpolated($"{scores.Slices.Count} head slices scored by {settings.Method} in {scores.Seconds:F1} s ({scores.Seconds / Math.Max(1, scores.Slices.Count):F3} s/slice); highest: {string.Join(", ", ranked)}");
        AnsiConsole.MarkupLineInterpolated($"scores: {scores.CsvFile}, {scores.JsonFile}; map: {scores.MapFile}; overlays: {scores.OverlayFile}");
        return 0;
    }
}
