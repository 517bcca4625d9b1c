using Spectre.Console;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Reports;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>
/// What `train pix2pix` and `train denoiser` share: trainer presets, the paired domains before the data are read, loading
/// the pairs, and the run through the one trainer (progress, signals, report, model card).
/// </summary>
internal static class PairedTraining
{
    /// <summary>pix2pix's reference schedule: batch 1, constant then linear decay to 0 over the second half; augmentation on.
    /// Sample grids are off (paired models draw none yet).</summary>
    public static TrainerOptions PaperTrainer { get; } = new()
    {
        Steps = 20_000, BatchSize = 1, Schedule = new LearningRateSchedule(LearningRateScheduleKind.LinearDecay, 0.5),
        Augmentation = new AugmentationOptions(), SampleGrids = false, CheckpointEvery = 1000,
    };

    /// <summary>A short CPU run: 1,500 steps of batch 8.</summary>
    public static TrainerOptions CpuTrainer { get; } = PaperTrainer with { Steps = 1500, BatchSize = 8, CheckpointEvery = 500 };

    public static TrainerOptions Trainer(PairedTrainSettings s)
    {
        var trainer = TrainingFrontEnd.Apply(s.Preset == "paper" ? PaperTrainer : CpuTrainer, s);
        return s.NoAugment ? trainer with { Augmentation = AugmentationOptions.None } : trainer;
    }

    /// <summary>The domains of a new run; their windows and geometry are filled in when the pairs are loaded.</summary>
    public static PairedDomains Placeholder(PairedTrainSettings s, int size)
    {
        DataDescription Of(string name) => new(name, size, 1, [], "", -1, 1);
        return new PairedDomains(Of(s.A!), Of(s.B!), s.Fov, s.MaxDepth > 0 ? s.MaxDepth : null).Validate();
    }

    /// <summary>Reads the pairs; for a new run, returns the domains as the data describe them.</summary>
    public static (PairedSet Pairs, PairedDomains Domains) Load(PairedDomains domains, int size, bool resumed)
    {
        var pairs = AnsiConsole.Status().Start($"Loading {domains.Input.Name} and {domains.Target.Name}…",
            _ => PairedSlices.Load(domains.Input.Name, domains.Target.Name, domains.SliceOptions(size)));
        AnsiConsole.MarkupLineInterpolated($"{pairs.Pairs.Count} slice pairs {domains.Input.Name} → {domains.Target.Name}; {size} px of {domains.FieldOfViewMm / size:0.###} mm");
        return (pairs, resumed ? domains : domains with { Input = pairs.Input, Target = pairs.Target });
    }

    public static int Run(IGan gan, PairedSet pairs, TrainerOptions options, string folder, ResumePoint? resumed, string label, CancellationToken cancellation)
    {
        using var trainer = new Trainer(gan, pairs.Pairs, pairs.Target, options, folder);
        if (resumed is not null) trainer.LoadCheckpoint(resumed.Checkpoint);
        var result = TrainingFrontEnd.Run(trainer, label, options.Steps, cancellation);
        var report = RunReport.Write(folder, $"{label} {pairs.Input.Name} → {pairs.Target.Name}", result.Elapsed, result.StepsPerSecond);
        return TrainingFrontEnd.Finish(result, report);
    }

    public static IEnumerable<ConfigEntry> Data(PairedDomains d) =>
    [
        new("data.a", d.Input.Name, "—"), new("data.b", d.Target.Name, "—"), new("data.fovMm", $"{d.FieldOfViewMm}", "—"),
        new("data.maxDepthMm", d.MaxDepthMm is double m ? $"{m}" : "whole head", "whole head"),
    ];
}
