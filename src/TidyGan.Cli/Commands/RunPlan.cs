using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>Everything a training run needs, resolved from flags + presets (new run) or from a checkpoint (resume).</summary>
internal sealed record RunPlan(
    string Kind, string DataName, int Size, int? Limit, string Directory, DcGanOptions Model, bool Projection,
    AdversarialLossKind Loss, TrainerOptions Trainer, DataDescription? Description = null, string? CheckpointFolder = null)
{
    public static RunPlan New(string kind, TrainSettings s)
    {
        if (s.Projection && kind != "cgan") throw new ArgumentException("--projection applies to cgan only");
        string data = s.Data!;
        int size = s.Size ?? (data == "fashion-mnist" ? 28 : 64);
        bool paper = s.Preset == "paper";
        var model = (paper ? DcGanOptions.Paper : DcGanOptions.Cpu) with { ImageSize = size, Channels = 1 };
        if (s.Width is { } w) model = model with { GeneratorWidth = w, DiscriminatorWidth = w };
        var loss = s.Loss is null ? AdversarialLossKind.NonSaturating : AdversarialLossKinds.Parse(s.Loss);
        var trainer = paper ? TrainerOptions.Paper : TrainerOptions.Cpu;
        if (loss == AdversarialLossKind.WassersteinGp)
        {
            // WGAN-GP's own recipe (Gulrajani 2017, Algorithm 1): n_critic 5, Adam 1e-4, β = (0, 0.9), layer-norm critic.
            model = model with { DiscriminatorNorm = DiscriminatorNorm.LayerNorm };
            trainer = trainer with { CriticSteps = 5, GeneratorLearningRate = 1e-4, DiscriminatorLearningRate = 1e-4, Beta1 = 0, Beta2 = 0.9 };
        }
        trainer = trainer with
        {
            Steps = s.Steps ?? trainer.Steps,
            BatchSize = s.Batch ?? trainer.BatchSize,
            GeneratorLearningRate = s.LearningRate ?? trainer.GeneratorLearningRate,
            DiscriminatorLearningRate = s.LearningRate ?? trainer.DiscriminatorLearningRate,
            CriticSteps = s.CriticSteps ?? trainer.CriticSteps,
            EmaDecay = s.Ema ?? trainer.EmaDecay,
            Schedule = s.Schedule is null ? trainer.Schedule : ParseSchedule(s.Schedule),
            Augmentation = s.Augment ? new AugmentationOptions() : s.Flip ? AugmentationOptions.None with { HorizontalFlip = true } : trainer.Augmentation,
            SampleEvery = s.SampleEvery ?? trainer.SampleEvery,
            CheckpointEvery = s.CheckpointEvery ?? trainer.CheckpointEvery,
            Seed = s.Seed ?? trainer.Seed,
            Device = s.Device,
        };
        trainer.Validate();
        var folder = Path.GetFullPath(s.Out!);
        if (System.IO.Directory.Exists(folder) && System.IO.Directory.EnumerateFileSystemEntries(folder).Any())
            throw new ArgumentException($"--out '{s.Out}' is not empty: continue it with --resume {s.Out}, or choose a new folder");
        return new RunPlan(kind, data, size, s.Limit, folder, model, s.Projection, loss, trainer);
    }

    public static RunPlan FromCheckpoint(string path, TrainSettings s)
    {
        var checkpoint = Checkpoint.Resolve(path);
        var manifest = Checkpoint.ReadManifest(checkpoint);
        var runFolder = Path.GetDirectoryName(Path.GetDirectoryName(checkpoint))!;
        using var gan = GanFactory.FromManifest(manifest, checkpoint);
        var (model, projection, loss) = gan switch
        {
            DcGan d => (((GanOptions<DcGanOptions>)d.Options).Model, false, d.LossKind),
            ConditionalGan c => (((GanOptions<ConditionalGanOptions>)c.Options).Model.Base, ((GanOptions<ConditionalGanOptions>)c.Options).Model.Projection, c.LossKind),
            _ => throw new CheckpointException(checkpoint, $"cannot resume a '{manifest.Kind}' model"),
        };
        var trainer = manifest.Trainer with { Steps = s.Steps ?? manifest.Trainer.Steps, Device = s.Device };
        if (trainer.Steps <= manifest.Step)
            throw new ArgumentException($"the run is already at step {manifest.Step} of {manifest.Trainer.Steps}; pass --steps N with N > {manifest.Step} to train on");
        return new RunPlan(manifest.Kind, manifest.Data.Name, manifest.Data.Size, manifest.Data.Limit, runFolder,
            model, projection, loss, trainer, manifest.Data, checkpoint);
    }

    /// <summary>The GAN with its initial weights drawn from the run's seed (so a run is repeatable).</summary>
    public IGan CreateGan(int classCount)
    {
        TorchSharp.torch.manual_seed(Trainer.Seed);
        return Create(classCount);
    }

    private IGan Create(int classCount) => Kind switch
    {
        "dcgan" => new DcGan(Model, Loss),
        "cgan" => classCount > 0
            ? new ConditionalGan(new ConditionalGanOptions(Model, classCount) { Projection = Projection }, Loss)
            : throw new ArgumentException($"cgan needs a labelled dataset; '{DataName}' has no classes (try fashion-mnist or folder:PATH with class sub-folders)"),
        _ => throw new ArgumentException($"unknown model '{Kind}'"),
    };

    public IEnumerable<ConfigEntry> Config()
    {
        var defaults = new DcGanOptions() with { ImageSize = Model.ImageSize, Channels = Model.Channels };
        return new[] { new ConfigEntry("data", DataName, "—"), new ConfigEntry("loss", Loss.ToString(), AdversarialLossKind.NonSaturating.ToString()) }
            .Concat(ConfigDiff.Compare("model", Model, defaults))
            .Concat(ConfigDiff.Compare("trainer", Trainer, TrainerOptions.Paper));
    }

    private static LearningRateSchedule ParseSchedule(string text) => text switch
    {
        "constant" => LearningRateSchedule.Constant,
        "linear" => new LearningRateSchedule(LearningRateScheduleKind.LinearDecay),
        "cosine" => new LearningRateSchedule(LearningRateScheduleKind.Cosine),
        _ => throw new ArgumentException($"--schedule '{text}' is not one of constant, linear, cosine"),
    };
}
