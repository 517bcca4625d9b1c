using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Data.CtPhysics;
using TidyGan.IO;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan lowdose simulate`: paired full-dose / low-dose reconstructions of CT volumes (NIfTI in HU, input geometry) + manifest.json + a PNG panel.</summary>
public sealed class LowDoseSimulateCommand : Command<LowDoseSimulateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <SRC>")]
        [Description("CT in HU: ct-head (InVesalius Cranium), nifti:PATH, or cohort:PATH[:MODALITY][@SPLIT] (each subject's volume)")]
        public string? Data { get; init; }

        [CommandOption("--dose <D>")]
        [Description("Dose fraction d in (0, 1]: the low-dose scan gets d·I0 photons per ray (default 0.25)")]
        public double Dose { get; init; } = LowDoseOptions.Default.Dose;

        [CommandOption("--geometry <G>")]
        [Description("fan (equiangular, 360°, Siemens-like distances; default) | parallel (180°)")]
        public string Geometry { get; init; } = "fan";

        [CommandOption("--views <N>")]
        [Description("Views per rotation (default 360)")]
        public int Views { get; init; } = LowDoseOptions.Default.Views;

        [CommandOption("--detectors <N>")]
        [Description("Detector elements (default: enough to cover the slice at one pixel per ray)")]
        public int Detectors { get; init; }

        [CommandOption("--i0 <N>")]
        [Description("Incident photons per ray at full dose (default 1e5)")]
        public double IncidentPhotons { get; init; } = LowDoseOptions.Default.IncidentPhotons;

        [CommandOption("--electronic-noise <SD>")]
        [Description("Gaussian electronic noise sd in counts (default 10)")]
        public double ElectronicNoise { get; init; } = LowDoseOptions.Default.ElectronicNoiseSd;

        [CommandOption("--filter <F>")]
        [Description("FBP filter: ram-lak | shepp-logan (default) | hann | hamming")]
        public string Filter { get; init; } = "shepp-logan";

        [CommandOption("--noisy-full-dose")]
        [Description("Give the full-dose image its own noise at d = 1 (default: noiseless, the input already carries full-dose noise)")]
        public bool NoisyFullDose { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed of the noise (default 1)")]
        public long Seed { get; init; } = 1;

        [CommandOption("--out <DIR>")]
        [Description("Output folder: NAME_full.nii.gz, NAME_low.nii.gz, NAME_panel.png per volume, manifest.json")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (Data is null) return ValidationResult.Error("--data SRC is required (ct-head, nifti:PATH or cohort:PATH[:MODALITY])");
            if (Out is null) return ValidationResult.Error("--out DIR is required");
            if (Geometry is not ("fan" or "parallel")) return ValidationResult.Error($"--geometry '{Geometry}' is not fan or parallel");
            if (ParseFilter(Filter) is null) return ValidationResult.Error($"--filter '{Filter}' is not ram-lak, shepp-logan, hann or hamming");
            return ValidationResult.Success();
        }

        public LowDoseOptions Options() => new(Dose: Dose, IncidentPhotons: IncidentPhotons, ElectronicNoiseSd: ElectronicNoise,
            Beam: Geometry == "parallel" ? CtBeam.Parallel : CtBeam.Fan, Views: Views, Detectors: Detectors,
            Filter: ParseFilter(Filter)!.Value, NoisyFullDose: NoisyFullDose);
    }

    internal static ReconstructionFilter? ParseFilter(string name) => name.ToLowerInvariant() switch
    {
        "ram-lak" or "ramlak" or "ramp" => ReconstructionFilter.RamLak,
        "shepp-logan" or "shepplogan" => ReconstructionFilter.SheppLogan,
        "hann" or "hanning" => ReconstructionFilter.Hann,
        "hamming" => ReconstructionFilter.Hamming,
        _ => null,
    };

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = settings.Options();
        options.Validate();
        var sources = LowDoseSources.Resolve(settings.Data!);
        Directory.CreateDirectory(settings.Out!);
        PrintSettings(options);

        var total = Stopwatch.StartNew();
        var entries = new List<LowDoseVolumeEntry>();
        string geometry = "";
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                foreach (var source in sources)
                {
                    var task = progress.AddTask(Markup.Escape(source.Name));
                    var watch = Stopwatch.StartNew();
                    var volume = source.Read();
                    geometry = options.GeometryFor(new CtImageGrid(volume.SizeY, volume.SizeX, volume.Spacing[0])).ToString();
                    var pair = LowDoseVolume.Simulate(volume, options, settings.Seed,
                        new Progress(p => { task.MaxValue = p.Total; task.Value = p.Done; }));
                    string fullName = source.Name + "_full.nii.gz", lowName = source.Name + "_low.nii.gz";
                    NiftiWriter.Write(Path.Combine(settings.Out!, fullName), pair.FullDose, NiftiDataType.Float32, "TidyGan lowdose full dose (HU)");
                    NiftiWriter.Write(Path.Combine(settings.Out!, lowName), pair.LowDose, NiftiDataType.Float32, $"TidyGan lowdose d={options.Dose} (HU)");
                    LowDosePanel.Write(Path.Combine(settings.Out!, source.Name + "_panel.png"), pair);
                    entries.Add(new LowDoseVolumeEntry(source.Name, source.Path, FileHashes.Sha256(source.Path), volume.Shape, volume.Spacing,
                        fullName, lowName, pair.NoiseSdHu, pair.SoftTissueVoxels, watch.Elapsed.TotalSeconds));
                }
            });
        new LowDoseManifest(settings.Data!, options, geometry, settings.Seed, entries, total.Elapsed.TotalSeconds)
            .Write(Path.Combine(settings.Out!, LowDoseManifest.FileName));

        var table = new Table().AddColumns("volume", "noise sd (HU, soft tissue)", "seconds");
        foreach (var e in entries) table.AddRow(Markup.Escape(e.Name), $"{e.NoiseSdHu:0.0}", $"{e.Seconds:0.0}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Wrote {entries.Count * 2} volumes and {Markup.Escape(LowDoseManifest.FileName)} to {Markup.Escape(settings.Out!)}");
        return 0;
    }

    private static void PrintSettings(LowDoseOptions options)
    {
        var defaults = LowDoseOptions.Default;
        var table = new Table().AddColumns("setting", "value");
        void Row(string name, object value, object fallback) =>
            table.AddRow(name, Equals(value, fallback) ? Markup.Escape($"{value}") : $"[yellow]{Markup.Escape($"{value}")}[/] (default {Markup.Escape($"{fallback}")})");
        Row("dose", options.Dose, defaults.Dose);
        Row("I0 per ray", options.IncidentPhotons, defaults.IncidentPhotons);
        Row("electronic noise sd", options.ElectronicNoiseSd, defaults.ElectronicNoiseSd);
        Row("geometry", options.Beam, defaults.Beam);
        Row("views", options.Views, defaults.Views);
        Row("detectors", options.Detectors == 0 ? "auto" : options.Detectors, "auto");
        Row("filter", options.Filter, defaults.Filter);
        Row("noisy full dose", options.NoisyFullDose, defaults.NoisyFullDose);
        table.AddRow("μ_water", $"{options.WaterMuPerMm} /mm (70 keV)");
        AnsiConsole.Write(table);
    }

    private sealed class Progress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
