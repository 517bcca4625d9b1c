using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Experiments.Modes;
using TidyGan.Experiments.Units;
using TorchSharp;

namespace TidyGan.Cli.Commands;

/// <summary>
/// `tidygan modes`: mode collapse on the ring of 8 and grid of 25 Gaussians (VEEGAN/PacGAN protocol) for
/// GAN (ns, minimax), WGAN-GP, Unrolled GAN, PacGAN2/4 and consensus optimisation, over several seeds.
/// </summary>
public sealed class ModesCommand : Command<ModesCommand.Settings>
{
    public sealed class Settings : ExecutorSettings
    {
        [CommandOption("--data <NAME>")]
        [Description("ring8 | grid25 | all (or a comma list)")]
        public string Data { get; init; } = "ring8";

        [CommandOption("--method <NAME>")]
        [Description("ns | minimax | wgan-gp | unrolled | pacgan2 | pacgan4 | consensus | all (or a comma list)")]
        public string Method { get; init; } = "all";

        [CommandOption("--seeds <N>")]
        [Description("Seeds 0 … N−1 per method (default 5)")]
        public int Seeds { get; init; } = 5;

        [CommandOption("--steps <N>")]
        [Description("Generator updates per run (default 3000; PacGAN trained 400,000)")]
        public long? Steps { get; init; }

        [CommandOption("--eval-every <N>")]
        [Description("Score 2,500 generated points every N steps (default 250)")]
        public int? EvaluateEvery { get; init; }

        [CommandOption("--min-count <N>")]
        [Description("High-quality points a mode needs to count as recovered (default 1, VEEGAN)")]
        public int? MinimumCount { get; init; }

        [CommandOption("--generator-width <N>")]
        [Description("Units per hidden layer of G (default 400, PacGAN)")]
        public int? GeneratorWidth { get; init; }

        [CommandOption("--discriminator-width <N>")]
        [Description("Maxout units per hidden layer of D (default 200, PacGAN)")]
        public int? DiscriminatorWidth { get; init; }

        [CommandOption("--lr <RATE>")]
        [Description("Adam learning rate of G and D (default 1e-4, PacGAN)")]
        public double? LearningRate { get; init; }

        [CommandOption("--beta1 <B>")]
        [Description("Adam β1 of G and D (default 0.8, PacGAN; WGAN-GP keeps 0.5)")]
        public double? Beta1 { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Output folder: results.json, results.md, scatter-*.png, coverage-*.png, runs/")]
        public string? Out { get; init; }

        [CommandOption("--force")]
        [Description("Rerun runs whose folder holds a finished run with another configuration (it is moved aside, never deleted); without it such a run stops the table with the differing fields")]
        public bool Force { get; init; }

        public override ValidationResult Validate()
        {
            if (Out is null) return ValidationResult.Error("--out DIR is required");
            if (Seeds < 1) return ValidationResult.Error($"--seeds must be at least 1 (got {Seeds})");
            if (Executor is not null && Force) return ValidationResult.Error("--force applies without --executor (move the old folder away instead)");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var mixtures = ParseData(settings.Data);
        var methods = ModeMethods.Parse(settings.Method);
        var seeds = Enumerable.Range(0, settings.Seeds).ToList();
        var defaults = new ModeBenchmarkOptions();
        var options = defaults with
        {
            Steps = settings.Steps ?? defaults.Steps,
            EvaluateEvery = settings.EvaluateEvery ?? defaults.EvaluateEvery,
            MinimumCount = settings.MinimumCount ?? defaults.MinimumCount,
            LearningRate = settings.LearningRate ?? defaults.LearningRate,
            Beta1 = settings.Beta1 ?? defaults.Beta1,
            Model = defaults.Model with
            {
                GeneratorWidth = settings.GeneratorWidth ?? defaults.Model.GeneratorWidth,
                DiscriminatorWidth = settings.DiscriminatorWidth ?? defaults.Model.DiscriminatorWidth,
            },
        };
        options.Validate();
        // Tiny MLPs: per-step overhead dominates, so parallel runs with one thread each use the cores better.
        // (Measured on 2 shared cores: two libtorch threads on one run spent most of their time spinning.)
        torch.set_num_threads(1);

        int runs = mixtures.Count * methods.Count * seeds.Count;
        if (settings.Executor is not null) return ThroughPlan(settings, mixtures, methods, seeds, options, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"{runs} runs: {string.Join(", ", mixtures.Select(m => m.Name))} × {string.Join(", ", methods.Select(m => m.ToCliName()))} × {seeds.Count} seeds, {options.Steps} steps each, {settings.Jobs} job(s)");
        var clock = Stopwatch.StartNew();
        ModeTable table = null!;
        JobProgress.Create()
            .Start(ctx =>
            {
                var total = ctx.AddTask($"0/{runs} runs done", maxValue: runs * (double)options.Steps);
                int done = 0;
                table = ModeBenchmark.Run(mixtures, methods, seeds, options, settings.Out!, settings.Jobs,
                    onStep: (_, _) => total.Increment(1),
                    onRunDone: r =>
                    {
                        int n = Interlocked.Increment(ref done);
                        total.Description = $"{n}/{runs} runs done (last: {r.Data} {r.Method} seed {r.Seed}: {r.Final.ModesRecovered} modes, {100 * r.Final.HighQualityFraction:0.0}% HQ)";
                    },
                    force: settings.Force, notice: n => AnsiConsole.MarkupLineInterpolated($"[yellow]{n}[/]"),
                    cancellation: cancellationToken);
            });

        Show(table);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        AnsiConsole.MarkupLineInterpolated($"wall-clock {clock.Elapsed.TotalSeconds:F0} s, process CPU time {cpu.TotalSeconds:F0} s");
        AnsiConsole.MarkupLineInterpolated($"wrote {Path.Combine(settings.Out!, ModeTable.MarkdownFile)}, {ModeTable.JsonFile}, scatter-*.png, coverage-*.png");
        return 0;
    }

    /// <summary>--executor local|slurm: the table as a plan of units (plan.json in --out), run as `tidygan run-unit`
    /// processes or one Slurm job array; the table is written once every unit is done (rerun the command, or --wait).</summary>
    private static int ThroughPlan(Settings settings, List<GaussianMixture2D> mixtures, IReadOnlyList<ModeMethod> methods, List<int> seeds,
        ModeBenchmarkOptions options, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var executor = settings.Choice();
        var plan = ModeBenchmark.Plan(mixtures, methods, seeds, options) with { Folder = Path.GetFullPath(settings.Out!) };
        if (!settings.DryRun) plan = plan.Write(plan.Folder);
        var before = settings.DryRun ? [] : PlanExecution.Status(UnitPlan.Load(plan.PlanPath));
        var todo = settings.DryRun ? Enumerable.Range(0, plan.Units.Count).ToList()
            : before.Where(r => r.State is UnitState.Pending or UnitState.Failed && !r.Detail.StartsWith("Slurm", StringComparison.Ordinal)).Select(r => r.Index).ToList();
        if (!settings.DryRun)   // a dry run prints the batch script alone, to be redirected into a file
            AnsiConsole.MarkupLineInterpolated($"{plan.Units.Count} runs in {plan.PlanPath}: {plan.Units.Count - todo.Count} done or under way, {todo.Count} to {(executor.Kind == ExecutorKind.Local ? "run" : "submit")}");
        if (!PlanFrontEnd.Start(plan, todo, executor, settings.DryRun, cancellation)) return 0;
        var reports = executor.Kind == ExecutorKind.Slurm && !settings.Wait ? PlanExecution.Status(UnitPlan.Load(plan.PlanPath)) : PlanFrontEnd.Wait(plan, cancellation);
        if (reports.Any(r => r.State != UnitState.Done))
        {
            PlanFrontEnd.ShowStatus(reports);
            AnsiConsole.MarkupLineInterpolated($"the table is written when every run is done: rerun this command (it resubmits failed runs), or watch `tidygan sweep status {settings.Out}`");
            return reports.Any(r => r.State == UnitState.Failed) ? 1 : 0;
        }
        var jobs = executor.Kind == ExecutorKind.Local ? settings.Jobs : 0;
        Show(ModeBenchmark.Collect(UnitPlan.Load(plan.PlanPath), mixtures, methods, seeds, options, clock.Elapsed.TotalSeconds, jobs));
        AnsiConsole.MarkupLineInterpolated($"wrote {Path.Combine(settings.Out!, ModeTable.MarkdownFile)}, {ModeTable.JsonFile}, scatter-*.png, coverage-*.png");
        return 0;
    }

    private static void Show(ModeTable table)
    {
        var output = new Table().Border(TableBorder.Rounded).Title("Mode collapse (mean ± sd over seeds)");
        output.AddColumns("data", "method", "modes recovered", "high quality %", "KL(modes ‖ uniform)", "seeds");
        foreach (var r in table.Rows)
            output.AddRow(r.Data, r.Method, $"{r.ModesRecovered.Format("0.0")} / {r.Modes}", r.HighQualityPercent.Format("0.0"), r.KlToUniform.Format("0.00"), r.Seeds.ToString());
        AnsiConsole.Write(output);
    }

    private static List<GaussianMixture2D> ParseData(string text) =>
        text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)
            ? [GaussianMixture2D.Ring8, GaussianMixture2D.Grid25]
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(GaussianMixture2D.Parse).ToList();
}
