using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Gans;
using TidyGan.Synthetic;
using TidyGan.Data;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan synthesize`: a labelled synthetic dataset (PNG class folders, IDX or a NIfTI stack) plus a manifest that ties it to its checkpoint.</summary>
public sealed class SynthesizeCommand : Command<SynthesizeCommand.Settings>
{
    public sealed class Settings : CheckpointSettings
    {
        [CommandOption("-n|--count <N>")]
        [Description("Number of images (conditional models without --class cycle through the classes); --n N works too")]
        public int? N { get; init; }

        [CommandOption("--class <K>")]
        [Description("Conditional models: only this class (index or name)")]
        public string? Class { get; init; }

        [CommandOption("--per-class <N>")]
        [Description("Conditional models: N images of every class")]
        public int? PerClass { get; init; }

        [CommandOption("--truncation <T>")]
        [Description("Redraw latent entries with |z| > T (truncation trick); recorded in the manifest")]
        public double? Truncation { get; init; }

        [CommandOption("--format <F>")]
        [Description("png (one folder per class) | idx (images-idx3-ubyte + labels-idx1-ubyte) | nifti (one stack, slice i = image i; --out FILE.nii.gz). Default png")]
        public string Format { get; init; } = "png";

        [CommandOption("--out <DIR|FILE>")]
        [Description("Output folder (png, idx) or .nii/.nii.gz file (nifti)")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (Out is null) return ValidationResult.Error("--out DIR|FILE is required");
            if (N is null && PerClass is null) return ValidationResult.Error("give --n N (or --per-class N for a conditional model)");
            if (N is not null && PerClass is not null) return ValidationResult.Error("give --n or --per-class, not both");
            if (N is < 1 or > 1_000_000) return ValidationResult.Error($"--n must be between 1 and 1000000 (got {N})");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!SyntheticSet.Formats.Contains(settings.Format))
            throw new ArgumentException($"--format '{settings.Format}' is not one of {string.Join(", ", SyntheticSet.Formats)}");
        var device = Devices.Parse(settings.Device);
        using var model = CheckpointLoader.Load<IImageGenerator>(settings.Checkpoint!, device, !settings.NoEma);
        if (model.Gan.ClassCount == 0 && settings.Class is not null)
            throw new ArgumentException($"--class: the {model.Manifest.Kind.Name()} model in {model.Folder} is unconditional; it draws unlabelled images, so give only --n");
        if (model.Gan.ClassCount == 0 && settings.PerClass is not null)
            throw new ArgumentException($"--per-class: the {model.Manifest.Kind.Name()} model in {model.Folder} is unconditional; it draws unlabelled images, so give only --n");
        int? classIndex = settings.Class is null ? null : model.ParseClass(settings.Class);
        var request = new SynthesisRequest(settings.N ?? 0, classIndex, settings.PerClass, settings.Seed, settings.Truncation);
        int total = settings.PerClass is { } per ? per * model.Gan.ClassCount : settings.N!.Value;

        SyntheticImages set = null!;
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"sampling {total} images", maxValue: total);
                set = SyntheticSet.Generate(model, request, new Callback(done => task.Value = done));
            });
        using (set)
        {
            var manifest = AnsiConsole.Status().Start($"Writing {settings.Format}…", _ => SyntheticSet.Write(model, set, request, settings.Format, settings.Out!));
            var table = new Table().Border(TableBorder.Rounded).AddColumn("class").AddColumn("images");
            foreach (var c in manifest.PerClassCounts) table.AddRow(Markup.Escape(c.Class), c.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{manifest.Total} images ({manifest.ModelKind}, step {manifest.Step}, {manifest.GeneratorFile}, seed {manifest.Seed}{(manifest.Truncation is { } t ? $", truncation {t}" : "")}) → {settings.Out}");
        }
        return 0;
    }

    private sealed class Callback(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
