using TidyGan.IO;
using System.Diagnostics;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Losses;
using TidyGan.Metrics;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Experiments.Modes;

/// <summary>One point on the "modes over training" curve.</summary>
public sealed record CoveragePoint(long Step, int ModesRecovered, double HighQualityFraction);

/// <summary>The outcome of one (mixture, method, seed) run: final scores, the curve, time, and the 2,500 points.</summary>
public sealed record ModeRunResult(
    string Data, string Method, int Seed, ModeCoverage Final, IReadOnlyList<CoveragePoint> Curve, double Seconds, double StepsPerSecond)
{
    public const string FileName = "result.json";

    /// <summary>The evaluated generated points, (x, y) interleaved (in the run's result.json, not in results.json).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public float[] Points { get; init; } = [];

    private sealed record Stored(ModeRunResult Result, float[] Points);

    private static readonly System.Text.Json.JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes result.json into the run's folder, so an interrupted table can be completed later.</summary>
    public void Save(string runDirectory) =>
        IO.AtomicFile.WriteAllText(Path.Combine(runDirectory, FileName), System.Text.Json.JsonSerializer.Serialize(new Stored(this, Points), Json));

    /// <summary>A finished run's result, or null when the folder holds none.</summary>
    public static ModeRunResult? Load(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) return null;
        var stored = System.Text.Json.JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path}: empty result");
        return stored.Result with { Points = stored.Points };
    }
}

/// <summary>
/// Trains one method on one mixture with the one <see cref="Trainer"/> (points as a [N, 2] "image set",
/// no sample grids) and scores 2,500 generated points every <see cref="ModeBenchmarkOptions.EvaluateEvery"/> steps.
/// </summary>
public static class ModeRun
{
    // Module initialisation draws from torch's global RNG: runs started in parallel take turns to seed it.
    private static readonly Lock GlobalRandom = new();

    public static PointGanBase CreateGan(ModeMethod method, ModeBenchmarkOptions options)
    {
        var model = options.Model with { Packing = method.Packing() };
        var adam = new AdamOptions(options.LearningRate, options.Beta1, options.Beta2);
        return method switch
        {
            ModeMethod.NonSaturating or ModeMethod.PacGan2 or ModeMethod.PacGan4 => new PointGan(new(model, AdversarialLossKind.NonSaturating) { Adam = adam }),
            ModeMethod.Minimax => new PointGan(new(model, AdversarialLossKind.Minimax) { Adam = adam }),
            // WGAN-GP as PacGAN's benchmark runs it: Gulrajani's toy λ and n_critic, Adam (lr, 0.5, 0.9).
            ModeMethod.WganGp => new PointGan(new(model, AdversarialLossKind.WassersteinGp, options.CriticSteps, options.GradientPenaltyWeight)
            {
                Adam = new AdamOptions(options.LearningRate, options.WganBeta1, options.WganBeta2),
            }),
            ModeMethod.Unrolled => new UnrolledGan(new(model, new DifferentiableAdam(options.LearningRate, options.Beta1, options.Beta2), options.UnrollingSteps,
                AdversarialLossKind.NonSaturating) { GeneratorAdam = adam }),   // the minimax surrogate collapsed in our pilots (docs/numerics.md §2)
            ModeMethod.Consensus => new ConsensusGan(new(model, options.ConsensusWeight) { Adam = adam }),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown method"),
        };
    }

    public static TrainerOptions TrainerOptionsFor(ModeMethod method, ModeBenchmarkOptions options, int seed)
    {
        return new TrainerOptions
        {
            Steps = options.Steps,
            BatchSize = options.BatchSize * method.Packing(),
            Seed = seed,
            SampleGrids = false,
            LogEvery = Math.Max(1, options.EvaluateEvery),
            SampleEvery = (int)Math.Min(int.MaxValue, options.Steps),
            CheckpointEvery = (int)Math.Min(int.MaxValue, options.Steps),
            KeepCheckpoints = 1,
        };
    }

    /// <summary>Runs to the end; <paramref name="onStep"/> sees every step (for progress bars).</summary>
    public static ModeRunResult Run(GaussianMixture2D mixture, ModeMethod method, int seed, ModeBenchmarkOptions options,
        string runDirectory, Action<long>? onStep = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        using var dataRandom = new Generator((ulong)StableSeed.Mix(seed, 0xDA7A));
        using var points = new ImageSet { Name = mixture.Name, Images = mixture.Sample(options.TrainingPoints, dataRandom), Intensity = IdentityScaling.Byte };
        var data = new DataDescription(mixture.Name, 0, 2, [], "coordinate", -1, 1, Count: options.TrainingPoints);
        var trainerOptions = TrainerOptionsFor(method, options, seed);

        PointGanBase gan;
        Trainer trainer;
        lock (GlobalRandom)
        {
            torch.manual_seed(seed);
            gan = CreateGan(method, options);
            trainer = new Trainer(gan, points, data, trainerOptions, runDirectory);
        }
        using var ganLifetime = gan;
        using var trainerLifetime = trainer;

        // The same latent codes at every evaluation, from their own stream (PacGAN's GraphLogger uses a fixed z too).
        using var evaluationRandom = new Generator((ulong)StableSeed.Mix(seed, 0xE7A1));
        using var latent = gan.SampleLatent(options.EvaluationPoints, evaluationRandom, CPU);
        var curve = new List<CoveragePoint>();
        trainer.Progress += progress =>
        {
            onStep?.Invoke(progress.Step);
            if (progress.Step % options.EvaluateEvery != 0 && progress.Step != options.Steps) return;
            var coverage = Score(gan, latent, mixture, options.MinimumCount, out _);
            curve.Add(new CoveragePoint(progress.Step, coverage.ModesRecovered, coverage.HighQualityFraction));
        };
        var result = trainer.Run(cancellation);
        var final = Score(gan, latent, mixture, options.MinimumCount, out var generated);
        return new ModeRunResult(mixture.Name, method.ToCliName(), seed, final, curve, clock.Elapsed.TotalSeconds, result.StepsPerSecond)
        {
            Points = generated,
        };
    }

    /// <summary>
    /// Scores G on fixed latent codes. G stays in training mode, so batch norm uses the statistics of the
    /// 2,500 points, as PacGAN's evaluation does (its sampler runs the batch-normalised graph).
    /// </summary>
    public static ModeCoverage Score(PointGanBase gan, Tensor latent, GaussianMixture2D mixture, int minimumCount, out float[] points)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        points = gan.Generate(gan.Generator, latent, null).cpu().contiguous().data<float>().ToArray();
        return ModeCoverage.Compute(points, mixture.Means, mixture.StandardDeviation, minimumCount: minimumCount);
    }
}
