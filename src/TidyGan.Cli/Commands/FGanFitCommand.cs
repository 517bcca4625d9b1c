using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Experiments.FGan;
using TidyGan.Losses;

namespace TidyGan.Cli.Commands;

/// <summary>
/// `tidygan fgan fit`: fit a Gaussian to a bimodal 1-D target with each f-divergence (Nowozin 2016), several
/// seeds, beside the exact minimiser by quadrature; writes fits.png, results.json and results.md.
/// </summary>
public sealed class FGanFitCommand : Command<FGanFitCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--target <NAME>")]
        [Description("bimodal: ½N(−2, 0.5²) + ½N(2, 0.5²)")]
        public string Target { get; init; } = "bimodal";

        [CommandOption("--divergences <LIST>")]
        [Description("Comma-separated: kl, rkl, pearson, hellinger, js, gan (default all)")]
        public string Divergences { get; init; } = "kl,rkl,pearson,hellinger,js,gan";

        [CommandOption("--seeds <N>")]
        [Description("Seeds 1…N per divergence (default 3)")]
        public int Seeds { get; init; } = 3;

        [CommandOption("--steps <N>")]
        public int? Steps { get; init; }

        [CommandOption("--batch <B>")]
        public int? Batch { get; init; }

        [CommandOption("--critic-steps <N>")]
        public int? CriticSteps { get; init; }

        [CommandOption("--out <DIR>")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Out is null ? ValidationResult.Error("--out DIR is required")
            : Seeds < 1 ? ValidationResult.Error("--seeds must be at least 1")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // Batches of a few hundred scalars: intra-op threads would only add synchronisation.
        TorchSharp.torch.set_num_threads(1);
        var target = GaussianMixture1D.Parse(settings.Target);
        var divergences = settings.Divergences.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(FDivergence.Parse).ToList();
        if (divergences.Count == 0) throw new ArgumentException("--divergences: give at least one of kl, rkl, pearson, hellinger, js, gan");
        var defaults = new FGanFitOptions();
        var options = defaults with
        {
            Steps = settings.Steps ?? defaults.Steps,
            BatchSize = settings.Batch ?? defaults.BatchSize,
            CriticSteps = settings.CriticSteps ?? defaults.CriticSteps,
        };
        options.Validate();
        var clock = Stopwatch.StartNew();
        var rows = new List<DivergenceFits>();
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("f-GAN fits", maxValue: divergences.Count * (settings.Seeds + 1));
                foreach (var divergence in divergences)
                {
                    task.Description = $"{divergence.CliName}: exact minimiser";
                    var exact = DivergenceQuadrature.Minimise(divergence, target);
                    task.Increment(1);
                    var fits = new List<FitResult>();
                    for (int seed = 1; seed <= settings.Seeds; seed++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        task.Description = $"{divergence.CliName}: seed {seed}";
                        fits.Add(FGanFit.Run(divergence, target, seed, options));
                        task.Increment(1);
                    }
                    rows.Add(new DivergenceFits(divergence, exact, fits));
                }
            });
        FGanFitReport.Write(settings.Out!, target, options, rows, clock.Elapsed);

        var table = new Table().Border(TableBorder.Rounded).Title($"target {Markup.Escape(target.ToString())}")
            .AddColumns("divergence", "exact μ", "exact σ", "GAN |μ| (mean ± sd)", "GAN σ (mean ± sd)");
        foreach (var r in rows)
            table.AddRow(r.Divergence.CliName, F(r.Exact.Mean), F(r.Exact.StdDev),
                r.AbsoluteMean.Format("0.000"), r.StdDev.Format("0.000"));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{Path.Combine(settings.Out!, "fits.png")}, results.json, results.md ({clock.Elapsed.TotalSeconds:0} s)");
        return 0;
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
