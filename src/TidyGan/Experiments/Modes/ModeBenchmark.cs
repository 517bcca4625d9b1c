using System.Collections.Concurrent;
using System.Diagnostics;
using TidyGan.Experiments.Units;
using TidyGan.Reports;

namespace TidyGan.Experiments.Modes;

/// <summary>
/// The whole mode-collapse table: every (mixture, method, seed) run, in parallel jobs (each run is a
/// tiny MLP, so per-step overhead dominates and one libtorch thread per run beats two threads on one run),
/// then results.json/.md, a scatter grid per mixture and the modes-over-training plot.
/// </summary>
public static class ModeBenchmark
{
    public const string RunsFolder = "runs";

    /// <summary>Relative cost of a step, to start the slow runs first and keep the jobs busy to the end.</summary>
    private static double Cost(ModeMethod m, ModeBenchmarkOptions o) => m switch
    {
        ModeMethod.Unrolled => 4 + 2 * o.UnrollingSteps,
        ModeMethod.WganGp => 1 + 1.5 * o.CriticSteps,
        ModeMethod.Consensus => 5,
        ModeMethod.PacGan4 => 3,
        ModeMethod.PacGan2 => 2,
        _ => 1.5,
    };

    public static ModeTable Run(IReadOnlyList<GaussianMixture2D> mixtures, IReadOnlyList<ModeMethod> methods, IReadOnlyList<int> seeds,
        ModeBenchmarkOptions options, string outputFolder, int jobs, Action<string, long>? onStep = null,
        Action<ModeRunResult>? onRunDone = null, bool force = false, Action<string>? notice = null, CancellationToken cancellation = default)
    {
        options.Validate();
        if (jobs < 1) throw new ArgumentException($"--jobs must be at least 1 (got {jobs})");
        var work = (from mixture in mixtures from method in methods from seed in seeds select (mixture, method, seed))
            .OrderBy(w => w.seed).ThenByDescending(w => Cost(w.method, options)).ToList();   // whole seeds first: a stopped table still has complete seeds
        var results = new ConcurrentBag<ModeRunResult>();
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(work, EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellation },
            w =>
            {
                string key = RunKey(w.mixture, w.method, w.seed);
                var unit = Unit(w.mixture, w.method, w.seed, options);
                var folder = Path.Combine(outputFolder, unit.Folder);
                // Each run is an arm keyed by its whole configuration: an interrupted table resumes, a changed one stops.
                ModeRunResult? result = null;
                bool ran = ArmCache.GetOrRun(folder, unit.Key, force, f =>
                {
                    result = ModeRun.Run(w.mixture, w.method, w.seed, options, f, step => onStep?.Invoke(key, step), cancellation);
                    result.Save(f);
                }, f => ModeRunResult.Load(f) is not null, notice);
                if (!ran)
                {
                    result = ModeRunResult.Load(folder)!;
                    for (long s = 0; s < options.Steps; s++) onStep?.Invoke(key, s + 1);
                }
                results.Add(result!);
                onRunDone?.Invoke(result!);
            });
        return Tabulate(mixtures, methods, seeds, options, results.ToList(), outputFolder, clock.Elapsed.TotalSeconds, jobs);
    }

    /// <summary>The table, results.json/.md and the plots from finished runs (whoever ran them: these threads, or run units).</summary>
    public static ModeTable Tabulate(IReadOnlyList<GaussianMixture2D> mixtures, IReadOnlyList<ModeMethod> methods, IReadOnlyList<int> seeds,
        ModeBenchmarkOptions options, IReadOnlyList<ModeRunResult> results, string outputFolder, double wallSeconds, int jobs)
    {
        var ordered = results.OrderBy(r => mixtures.Select(m => m.Name).ToList().IndexOf(r.Data))
            .ThenBy(r => methods.Select(m => m.ToCliName()).ToList().IndexOf(r.Method)).ThenBy(r => r.Seed).ToList();
        var table = ModeTable.From(ordered, mixtures.ToDictionary(m => m.Name, m => m.ModeCount), options, wallSeconds, jobs);
        table.Write(outputFolder);
        foreach (var mixture in mixtures) WritePlots(mixture, ordered.Where(r => r.Data == mixture.Name).ToList(), seeds[0], options, outputFolder);
        return table;
    }

    /// <summary>What keys one run: the mixture (its points are drawn from the seed), the method, the seed and the protocol.</summary>
    private sealed record ModeArm(string Mixture, string Method, int Seed, ModeBenchmarkOptions Protocol);

    /// <summary>The kind of a mode run's <see cref="RunUnit"/>.</summary>
    public const string UnitKind = "modes";

    /// <summary>One (mixture, method, seed) run as a unit: keyed exactly like the in-process runs' arms, in the same folder
    /// (runs/MIXTURE/METHOD/seed-N), so both paths share finished runs.</summary>
    public static RunUnit Unit(GaussianMixture2D mixture, ModeMethod method, int seed, ModeBenchmarkOptions options)
    {
        var key = ArmKey.Of(new ModeArm(mixture.Name, method.ToCliName(), seed, options), DataIdentity.Named(mixture.Name));
        return new RunUnit(RunKey(mixture, method, seed), UnitKind, key.Configuration, key.Data,
            Path.Combine(RunsFolder, mixture.Name, method.ToCliName(), $"seed-{seed}"));
    }

    /// <summary>The whole table as a plan of units (for `modes --executor local|slurm`), seeds first like <see cref="Run"/>.</summary>
    public static UnitPlan Plan(IReadOnlyList<GaussianMixture2D> mixtures, IReadOnlyList<ModeMethod> methods, IReadOnlyList<int> seeds, ModeBenchmarkOptions options)
    {
        options.Validate();
        var units = from seed in seeds from mixture in mixtures from method in methods select Unit(mixture, method, seed, options);
        return new UnitPlan(UnitKind, units.ToList());
    }

    /// <summary>The table from a plan whose units are all done (their result.json files).</summary>
    public static ModeTable Collect(UnitPlan plan, IReadOnlyList<GaussianMixture2D> mixtures, IReadOnlyList<ModeMethod> methods, IReadOnlyList<int> seeds,
        ModeBenchmarkOptions options, double wallSeconds, int jobs)
    {
        var results = plan.Units.Select((u, i) => ModeRunResult.Load(plan.UnitFolder(i))
            ?? throw new IO.UserException($"unit {i} ({u.Name}) has no {ModeRunResult.FileName} in {plan.UnitFolder(i)}")).ToList();
        return Tabulate(mixtures, methods, seeds, options, results, plan.Folder, wallSeconds, jobs);
    }

    /// <summary>Runs a mode unit into <paramref name="folder"/> (what `tidygan run-unit` does for it); a mode run has no
    /// checkpoints to resume from (a few seconds to minutes), so an interrupted one starts again.</summary>
    public static ModeRunResult RunUnit(RunUnit unit, string folder, CancellationToken cancellation = default)
    {
        var arm = ArmKey.Read<ModeArm>(unit.Configuration);
        var result = ModeRun.Run(GaussianMixture2D.Parse(arm.Mixture), ModeMethods.Parse(arm.Method).Single(), arm.Seed, arm.Protocol, folder, cancellation: cancellation);
        result.Save(folder);
        return result;
    }

    public static string RunKey(GaussianMixture2D mixture, ModeMethod method, int seed) => $"{mixture.Name} {method.ToCliName()} seed {seed}";

    /// <summary>scatter-DATA.png (first seed of each method) and coverage-DATA.png (mean modes recovered over seeds vs step).</summary>
    private static void WritePlots(GaussianMixture2D mixture, IReadOnlyList<ModeRunResult> runs, int firstSeed, ModeBenchmarkOptions options, string folder)
    {
        using var random = new TorchSharp.torch.Generator(12345);
        using var realTensor = mixture.Sample(options.EvaluationPoints, random);
        var real = realTensor.data<float>().ToArray();
        double limit = mixture.Means.Max(m => Math.Max(Math.Abs(m.X), Math.Abs(m.Y))) * 1.5;
        var panels = runs.Where(r => r.Seed == firstSeed)
            .Select(r => ($"{r.Method} (seed {r.Seed}): {r.Final.ModesRecovered} modes, {100 * r.Final.HighQualityFraction:0}% HQ", r.Points)).ToList();
        if (panels.Count > 0)
            ModePlots.SaveScatterGrid(Path.Combine(folder, $"scatter-{mixture.Name}.png"), real, panels, mixture.Means, limit);

        var curves = runs.GroupBy(r => r.Method).Select(g => new ScalarSeries($"{g.Key} (mean of {g.Count()} seeds)",
            g.SelectMany(r => r.Curve).GroupBy(p => p.Step).OrderBy(s => s.Key)
                .Select(s => (s.Key, s.Average(p => (double)p.ModesRecovered))).ToList())).ToList();
        if (curves.Count > 0)
            LossCurves.Save(curves, Path.Combine(folder, $"coverage-{mixture.Name}.png"),
                $"{mixture.Name}: modes recovered over training ({options.EvaluationPoints} points, 3σ)", yLabel: $"modes recovered (of {mixture.ModeCount})");
    }
}
