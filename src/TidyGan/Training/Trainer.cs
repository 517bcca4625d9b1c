using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Reports;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>
/// The one training loop for every GAN. Per step: the learning-rate schedule, the GAN's own step
/// (<see cref="IGan.Step"/>, on the batches it asks for), the NaN/Inf check and the EMA update; every few steps a log
/// line, a fixed-noise sample grid and an atomic checkpoint. Resuming from a checkpoint continues bit for bit (same
/// batches, same noise).
/// </summary>
public sealed class Trainer : IDisposable
{
    public const string SamplesFolder = "samples";
    public const string ConfigFile = "config.json";

    private readonly IGan gan;
    private readonly TrainerOptions options;
    private readonly string runDirectory;
    private readonly DataDescription data;
    private readonly Device device;
    private readonly BatchSampler sampler;
    private readonly BatchSampler? secondSampler;       // unpaired second domain (Cycle-GAN), shuffled independently
    private readonly IReadOnlyList<NamedOptimizer> optimizers;
    private readonly IImageGenerator? grids;           // null: the GAN draws no images, or the options switch grids off
    private readonly Generator random;
    private readonly ExponentialMovingAverage? ema;
    private readonly Tensor? fixedLatent;
    private readonly Tensor? fixedLabels;
    private readonly int gridColumns;
    private readonly ImageSet images;
    private string? lastCheckpoint;

    /// <param name="secondDomain">For two-domain GANs (Cycle-GAN): the unpaired domain B; each batch then carries a
    /// batch of it in <see cref="Batch.SecondDomain"/>, drawn with its own shuffle and augmentation seed.</param>
    public Trainer(IGan gan, ImageSet images, DataDescription data, TrainerOptions options, string runDirectory, ImageSet? secondDomain = null)
    {
        options.Validate();
        this.gan = gan;
        this.options = options;
        this.runDirectory = runDirectory;
        this.data = data;
        this.images = images;
        device = Devices.Parse(options.Device);
        Directory.CreateDirectory(runDirectory);

        torch.manual_seed(options.Seed);                  // anything in the model that draws from the global RNG
        random = new Generator((ulong)options.Seed, device);
        sampler = new BatchSampler(images, options.BatchSize, options.Seed, options.Augmentation, device);
        if (secondDomain is not null)
            secondSampler = new BatchSampler(secondDomain, options.BatchSize, StableSeed.Mix(options.Seed, 0xB), options.Augmentation, device);
        gan.Generator.to(device);
        gan.Discriminator.to(device);
        optimizers = gan.Optimizers;                      // created now, on the device's parameters
        if (options.EmaDecay is { } decay) ema = new ExponentialMovingAverage(gan.Generator, gan.CreateGenerator().to(device), decay);

        // The fixed noise of the sample grids comes from its own generator so it never shifts the training stream.
        grids = options.SampleGrids ? gan as IImageGenerator : null;
        if (grids is null) return;
        using var fixedRandom = new Generator((ulong)options.Seed + 7919, device);
        if (grids.ClassCount > 0)
        {
            gridColumns = 8;                                // one row per class
            fixedLatent = grids.SampleLatent(grids.ClassCount * gridColumns, fixedRandom, device).DetachFromDisposeScope();
            fixedLabels = arange(grids.ClassCount, dtype: int64, device: device).repeat_interleave(gridColumns).DetachFromDisposeScope();
        }
        else
        {
            gridColumns = (int)Math.Ceiling(Math.Sqrt(options.GridSamples));
            fixedLatent = grids.SampleLatent(options.GridSamples, fixedRandom, device).DetachFromDisposeScope();
        }
    }

    /// <summary>Steps already done (0 for a new run, the checkpoint's step after <see cref="LoadCheckpoint"/>).</summary>
    public long Step { get; private set; }

    public event Action<TrainingProgress>? Progress;

    /// <summary>Raised with the path of every sample grid written.</summary>
    public event Action<string>? SampleWritten;

    /// <summary>The generator samples come from: the EMA copy when there is one.</summary>
    public nn.Module SamplingGenerator => ema?.Shadow ?? gan.Generator;

    /// <summary>Restores G, D, EMA, optimisers, RNG and step from a checkpoint folder (see <see cref="Checkpoint.Resolve"/>).</summary>
    public void LoadCheckpoint(string checkpointFolder)
    {
        var manifest = Checkpoint.ReadManifest(checkpointFolder);
        if (manifest.Kind != gan.Kind)
            throw new CheckpointException(checkpointFolder, $"holds a '{manifest.Kind.Name()}' model, not '{gan.Kind.Name()}'");
        Checkpoint.LoadModule(gan.Generator, Path.Combine(checkpointFolder, Checkpoint.GeneratorFile));
        Checkpoint.LoadModule(gan.Discriminator, Path.Combine(checkpointFolder, Checkpoint.DiscriminatorFile));
        var emaFile = Path.Combine(checkpointFolder, Checkpoint.EmaFile);
        if (ema is not null && File.Exists(emaFile)) Checkpoint.LoadModule(ema.Shadow, emaFile);
        foreach (var o in optimizers) Checkpoint.LoadOptimizer(o.Optimizer, Path.Combine(checkpointFolder, Checkpoint.OptimizerFile(o.Name)));
        Checkpoint.LoadRandomState(random, Path.Combine(checkpointFolder, Checkpoint.RandomStateFile));
        Step = manifest.Step;
        lastCheckpoint = checkpointFolder;
    }

    /// <summary>Trains until <see cref="TrainerOptions.Steps"/>; on cancellation, checkpoints the current step and returns.</summary>
    public TrainingResult Run(CancellationToken cancellation = default)
    {
        WriteConfig();
        if (grids is not null) WriteRealGrid();
        using var logger = new ScalarLogger(runDirectory, Step);
        var clock = Stopwatch.StartNew();
        long startStep = Step;
        StepScalars? last = null;
        gan.Generator.train();
        gan.Discriminator.train();

        while (Step < options.Steps && !cancellation.IsCancellationRequested)
        {
            long step = Step + 1;
            last = TrainStep(step);
            Step = step;
            if (step % options.LogEvery == 0 || step == options.Steps) logger.Log(step, last.Scalars().Append(("steps_per_second", Rate())));
            if (grids is not null && (step % options.SampleEvery == 0 || step == options.Steps)) WriteSampleGrid(step);
            if (step % options.CheckpointEvery == 0 || step == options.Steps) SaveCheckpoint(logger);
            Progress?.Invoke(new TrainingProgress(step, options.Steps, last, Rate(), clock.Elapsed));
        }
        if (cancellation.IsCancellationRequested && Step > startStep && lastCheckpoint?.EndsWith($"step-{Step:D7}", StringComparison.Ordinal) != true)
            SaveCheckpoint(logger);
        logger.Flush();
        return new TrainingResult(Step, Step >= options.Steps, lastCheckpoint, last, clock.Elapsed, Rate(), startStep);

        double Rate() => clock.Elapsed.TotalSeconds > 0 ? (Step - startStep) / clock.Elapsed.TotalSeconds : 0;
    }

    private StepScalars TrainStep(long step)
    {
        using var scope = NewDisposeScope();
        SetLearningRates(options.Schedule.Factor(step, options.Steps));
        int perStep = gan.BatchesPerStep;
        var losses = gan.Step(new StepContext(step, options.Steps, random, k =>
        {
            long index = (step - 1) * perStep + k;          // a pure function of (step, k): a resumed run sees the same batches
            var real = sampler.Get(index);
            return secondSampler is null ? real : real with { SecondDomain = secondSampler.Get(index) };
        }));
        double? discriminator = losses.Discriminator is { } d ? Checked(d, "discriminator", step) : null;
        double generator = Checked(losses.Generator, "generator", step);
        ema?.Update();
        return new StepScalars(step, discriminator, generator, losses.Diagnostics.Select(x => (x.Name, (double)x.Value.item<float>())).ToList());
    }

    /// <summary>The loss's value, or a stop with a clear message when it is NaN or infinite.</summary>
    private double Checked(Tensor loss, string name, long step)
    {
        double value = loss.item<float>();
        if (!double.IsFinite(value)) throw new TrainingDivergedException(step, name, value, lastCheckpoint);
        return value;
    }

    private void SetLearningRates(double factor)
    {
        foreach (var o in optimizers)
            foreach (var group in o.Optimizer.ParamGroups) group.LearningRate = o.LearningRate * factor;
    }

    private void WriteSampleGrid(long step)
    {
        using var scope = NewDisposeScope();
        var images = Sampling.Generate(grids!, SamplingGenerator, fixedLatent!, fixedLabels).cpu();
        var folder = Path.Combine(runDirectory, SamplesFolder);
        var path = Path.Combine(folder, $"step-{step:D7}.png");
        var (low, high) = data.DisplayRange;
        ImageGrid.Save(images, path, gridColumns, low: low, high: high, upscale: data.DisplayScale, rowLabels: fixedLabels is null ? null : data.ClassNames);
        File.Copy(path, Path.Combine(folder, "latest.png"), overwrite: true);
        SampleWritten?.Invoke(path);
    }

    /// <summary>samples/real.png: training images in the same layout and display window as the sample grids, to compare by eye.</summary>
    private void WriteRealGrid()
    {
        var path = Path.Combine(runDirectory, SamplesFolder, "real.png");
        if (File.Exists(path)) return;
        using var scope = NewDisposeScope();
        var (low, high) = data.DisplayRange;
        long count = Math.Min(images.Count, fixedLatent!.shape[0]);
        using var pick = new Generator((ulong)options.Seed + 17);
        var order = randperm(images.Count, generator: pick);
        if (fixedLabels is not null && images.Labels is not null)
        {
            // One row per class, like the generated grid: the first gridColumns images of each class in a random order.
            // A class with fewer images (an imbalanced set) repeats them, so every class keeps its one row.
            var labels = images.Labels.index_select(0, order);
            order = cat(Enumerable.Range(0, grids!.ClassCount)
                .Select(c => order.index_select(0, nonzero(labels.eq(c)).flatten()))
                .Select(members => members.shape[0] == 0 ? members : members.repeat((gridColumns + members.shape[0] - 1) / members.shape[0]).narrow(0, 0, gridColumns))
                .ToList(), 0);
        }
        else order = order.narrow(0, 0, count);
        ImageGrid.Save(images.Gather(order), path, gridColumns, low: low, high: high, upscale: data.DisplayScale,
            rowLabels: fixedLabels is null ? null : data.ClassNames);
    }

    private void SaveCheckpoint(ScalarLogger logger)
    {
        logger.Flush();
        var manifest = new CheckpointManifest
        {
            Kind = gan.Kind,
            Step = Step,
            ModelOptions = JsonSerializer.SerializeToNode(gan.Options, gan.Options.GetType(), Checkpoint.Json)!,
            Trainer = options,
            Data = data,
        };
        lastCheckpoint = Checkpoint.Save(runDirectory, manifest, gan.Generator, gan.Discriminator, ema?.Shadow,
            optimizers, random, options.KeepCheckpoints);
    }

    private void WriteConfig()
    {
        var config = new JsonObject
        {
            ["kind"] = gan.Kind.Name(),
            ["model"] = JsonSerializer.SerializeToNode(gan.Options, gan.Options.GetType(), Checkpoint.Json),
            ["trainer"] = JsonSerializer.SerializeToNode(options, Checkpoint.Json),
            ["data"] = JsonSerializer.SerializeToNode(data, Checkpoint.Json),
        };
        File.WriteAllText(Path.Combine(runDirectory, ConfigFile), config.ToJsonString(Checkpoint.Json));
    }

    public void Dispose()
    {
        sampler.Dispose();
        secondSampler?.Dispose();
        random.Dispose();
        fixedLatent?.Dispose();
        fixedLabels?.Dispose();
        ema?.Shadow.Dispose();
    }
}
