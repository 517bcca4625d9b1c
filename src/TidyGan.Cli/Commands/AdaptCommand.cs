using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Nn.Segmentation;
using TidyGan.Segmentation;
using TidyGan.Gans;
using TidyGan.Data;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan adapt --target sim-mr|ct-head --out DIR`: Kamnitsas 2017's unsupervised adversarial adaptation of the segmenter.</summary>
public sealed class AdaptCommand : Command<AdaptCommand.Settings>
{
    public sealed class Settings : SegmentTrainSettings
    {
        [CommandOption("--target <DOMAIN>")]
        [Description("Unlabelled target domain: sim-mr (simulated T2-like MR), ct-head (Cranium CT), or with a cohort --data, cohort:PATH:MODALITY (its training subjects' images, unlabelled; its test subjects scored when it has the --labels modality)")]
        public string Target { get; init; } = HeadDomains.SimulatedMr;

        [CommandOption("--mode <MODE>")]
        [Description("alternating (default: D step, then segmenter step on L_seg − α·L_D) or grl (one backward pass through a gradient-reversal layer)")]
        public string Mode { get; init; } = "alternating";

        [CommandOption("--objective <LOSS>")]
        [Description("flipped (default: segmenter minimises D's cross-entropy with swapped domain labels) or minimax (the paper's −α·L_D; required by --mode grl)")]
        public string? Objective { get; init; }

        [CommandOption("--disc-layers <LIST>")]
        [Description("U-Net feature maps the domain discriminator reads, comma-separated: enc1,enc2,enc3,bottleneck,dec3,dec2,dec1 (default: all)")]
        public string? DiscLayers { get; init; }

        [CommandOption("--alpha <A>")]
        [Description("Final adversarial weight α (default 0.1)")]
        public double Alpha { get; init; } = 0.1;

        [CommandOption("--ramp-start <STEP>")]
        [Description("Step where α starts to rise from 0 (default 1/6 of the steps)")]
        public long? RampStart { get; init; }

        [CommandOption("--ramp-end <STEP>")]
        [Description("Step where α reaches its final value (default 2/3 of the steps)")]
        public long? RampEnd { get; init; }

        public override ValidationResult Validate()
        {
            if (base.Validate() is { Successful: false } invalid) return invalid;
            if (Target is not (HeadDomains.SimulatedMr or HeadDomains.Ct) && !IsCohort(Target)) return ValidationResult.Error($"--target '{Target}' is not one of sim-mr, ct-head or cohort:PATH:MODALITY");
            if (IsCohort(Target) != IsCohort(Data)) return ValidationResult.Error("--data and --target are both cohorts (cohort:PATH:MODALITY) or both built-in domains");
            if (Target == Data) return ValidationResult.Error("--target must differ from the labelled --data domain");
            if (Mode is not ("alternating" or "grl")) return ValidationResult.Error($"--mode '{Mode}' is not one of alternating, grl");
            if (Objective is not (null or "flipped" or "minimax")) return ValidationResult.Error($"--objective '{Objective}' is not one of flipped, minimax");
            return ValidationResult.Success();
        }

        public AdaptationOptions Adaptation(UNet2dOptions model, long steps) => new(
            DiscLayers is null ? model.LayerNames : DiscLayers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Alpha, RampStart ?? steps / 6, RampEnd ?? steps * 2 / 3,
            Mode == "grl" ? AdversarialUpdate.GradientReversal : AdversarialUpdate.Alternating,
            Objective: (Objective ?? (Mode == "grl" ? "minimax" : "flipped")) == "minimax" ? SegmenterObjective.Minimax : SegmenterObjective.Flipped);
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var model = new UNet2dOptions(ImageSize: settings.Size, Width: settings.Width, Depth: settings.Depth);
        long steps = settings.Steps ?? SegmentationTraining.Cpu.Steps;
        var adaptation = settings.Resume is null ? settings.Adaptation(model, steps) : null;
        adaptation?.Validate();
        if (adaptation is not null) _ = new DomainDiscriminator(model, adaptation.Layers).InputChannels;   // checks --disc-layers before loading data
        return SegmentRunner.Train(settings, settings.Target, adaptation ?? new AdaptationOptions(model.LayerNames), cancellationToken);
    }
}
