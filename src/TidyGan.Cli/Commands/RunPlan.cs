using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>
/// Everything a `train dcgan|cgan` run needs, resolved from flags + presets (new run) or read from a checkpoint
/// (resume). The model's typed options come from <see cref="ModelOptions"/>: a C-GAN's class count is known only once
/// its data are loaded.
/// </summary>
internal sealed record RunPlan(ModelKind Kind, string DataName, int Size, int? Limit, string Directory, TrainerOptions Trainer,
    Func<int, IModelOptions> ModelOptions, ResumePoint? Resumed = null, MrIntensity MrIntensity = MrIntensity.PercentileVolume)
{
    /// <summary>For a cohort: how its subjects are split (null: the default rule); a resumed run keeps its own.</summary>
    public CohortSplitRule? Split { get; init; }

    /// <summary>How the data are loaded (the same on resume: the MR rule and the split come from the checkpoint).</summary>
    public DatasetOptions DatasetOptions => new(Size: Size, Limit: Limit, Seed: Trainer.Seed, FieldOfViewMm: FieldOfViewMm, MrIntensity: MrIntensity, Split: Split);

    /// <summary>Volumes: a fixed field of view (null: each slice's head box plus margin).</summary>
    public double? FieldOfViewMm { get; init; }

    public static RunPlan New(ModelKind kind, TrainSettings s)
    {
        if (s.Projection && kind != ModelKind.ConditionalGan) throw new ArgumentException("--projection applies to cgan only");
        string data = s.Data!;
        int size = s.Size ?? (data == "fashion-mnist" ? 28 : 64);
        bool paper = s.Preset == "paper";
        var model = (paper ? DcGanOptions.Paper : DcGanOptions.Cpu) with { ImageSize = size, Channels = 1 };
        if (s.Width is { } w) model = model with { GeneratorWidth = w, DiscriminatorWidth = w };
        var loss = s.Loss is null ? AdversarialLossKind.NonSaturating : AdversarialLossKinds.Parse(s.Loss);
        var trainer = TrainingFrontEnd.Apply(paper ? TrainerOptions.Paper : TrainerOptions.Cpu, s) with
        {
            EmaDecay = s.Ema,
            Schedule = s.Schedule is null ? LearningRateSchedule.Constant : ParseSchedule(s.Schedule),
            Augmentation = s.Augment ? new AugmentationOptions() : s.Flip ? AugmentationOptions.None with { HorizontalFlip = true } : AugmentationOptions.None,
        };
        trainer.Validate();
        var folder = TrainingFrontEnd.NewRunFolder(s);

        // `train dcgan --loss wgan-gp` is WGAN-GP with its recipe; `train cgan --loss wgan-gp` takes the same recipe.
        if (kind == ModelKind.DcGan && loss == AdversarialLossKind.WassersteinGp) kind = ModelKind.WganGp;
        var resolved = kind;
        IModelOptions Options(int classes) => resolved switch
        {
            ModelKind.DcGan => new DcGanConfig(model, loss, s.CriticSteps ?? 1) { Adam = TrainingFrontEnd.Apply(AdamOptions.Paper, s) }.Validate(),
            ModelKind.WganGp => TunedWgan(WganGpConfig.For(model)).Validate(),
            _ => TunedCgan(ConditionalGanConfig.ForLoss(new ConditionalGanOptions(model, RequireClasses(classes, data)) { Projection = s.Projection }, loss)).Validate(),
        };
        // --critic-steps and --lr on top of a recipe (WGAN-GP's, or the paper's).
        WganGpConfig TunedWgan(WganGpConfig c) => c with { CriticSteps = s.CriticSteps ?? c.CriticSteps, Adam = TrainingFrontEnd.Apply(c.Adam, s) };
        ConditionalGanConfig TunedCgan(ConditionalGanConfig c) => c with { CriticSteps = s.CriticSteps ?? c.CriticSteps, Adam = TrainingFrontEnd.Apply(c.Adam, s) };
        var mr = s.MrIntensity is null ? MrIntensity.PercentileVolume : MrIntensities.Parse(s.MrIntensity);
        return new RunPlan(kind, data, size, s.Limit, folder, trainer, Options, MrIntensity: mr) { Split = s.SplitRule(data), FieldOfViewMm = s.FieldOfViewMm };
    }

    public static RunPlan FromCheckpoint(string path, TrainSettings s, ModelKind verb)
    {
        var kinds = verb == ModelKind.DcGan ? new[] { ModelKind.DcGan, ModelKind.WganGp } : [verb];
        s.SplitRule();   // --split with --resume: an error
        var run = TrainingFrontEnd.Resume(path, s, $"train {verb.Name()}", kinds);
        var data = run.Manifest.Data;
        return new RunPlan(run.Manifest.Kind, data.Name, data.Size, data.Limit, run.RunFolder, run.Trainer, _ => run.Model, run, data.MrIntensity)
            { Split = data.Subjects?.Rule, FieldOfViewMm = data.Preprocessing?.FieldOfViewMm };
    }

    /// <summary>What the table's defaults are (the DC-GAN paper's; WGAN-GP's recipe).</summary>
    public const string DefaultsFrom = "the paper's default";

    /// <summary>The table of settings, each marked when it differs from the paper's (the DC-GAN paper's; WGAN-GP's recipe).</summary>
    public IEnumerable<ConfigEntry> Config(IModelOptions model) => Settings(Kind, DataName, Size, model, Trainer, MrIntensity);

    /// <summary>The same table for any dcgan, wgan-gp or cgan run (also rebuilt from a checkpoint for its model card).</summary>
    public static IEnumerable<ConfigEntry> Settings(ModelKind kind, string dataName, int size, IModelOptions model, TrainerOptions trainer,
        MrIntensity mrIntensity = MrIntensity.PercentileVolume)
    {
        IEnumerable<ConfigEntry> modelRows = model switch
        {
            DcGanConfig c => ConfigDiff.Compare("model", c, new DcGanConfig(new DcGanOptions() with { ImageSize = size, Channels = c.Model.Channels })),
            WganGpConfig c => ConfigDiff.Compare("model", c, WganGpConfig.For(new DcGanOptions() with { ImageSize = size, Channels = c.Model.Channels })),
            ConditionalGanConfig c => ConfigDiff.Compare("model", c, new ConditionalGanConfig(new ConditionalGanOptions(
                new DcGanOptions() with { ImageSize = size, Channels = c.Model.Base.Channels }, c.Model.ClassCount))),
            _ => [],
        };
        return new[] { new ConfigEntry("kind", kind.Name(), "—"), new ConfigEntry("data", dataName, "—"), new ConfigEntry("data.mrIntensity", mrIntensity.Name(), MrIntensity.PercentileVolume.Name()) }
            .Concat(modelRows).Concat(ConfigDiff.Compare("trainer", trainer, TrainerOptions.Paper));
    }

    private static int RequireClasses(int classes, string data) => classes > 0 ? classes
        : throw new ArgumentException($"cgan needs a labelled dataset; '{data}' has no classes (try fashion-mnist or folder:PATH with class sub-folders)");

    private static LearningRateSchedule ParseSchedule(string text) => text switch
    {
        "constant" => LearningRateSchedule.Constant,
        "linear" => new LearningRateSchedule(LearningRateScheduleKind.LinearDecay),
        "cosine" => new LearningRateSchedule(LearningRateScheduleKind.Cosine),
        _ => throw new ArgumentException($"--schedule '{text}' is not one of constant, linear, cosine"),
    };
}
