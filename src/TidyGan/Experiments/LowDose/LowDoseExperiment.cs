using System.Diagnostics;
using System.Globalization;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Nn;
using TidyGan.Reports;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Experiments.LowDose;

/// <summary>What one trained arm is keyed by in the <see cref="ArmCache"/>: everything that changes what it learns.</summary>
public sealed record LowDoseArmConfig(LowDoseArm Arm, double Dose, int Seed, SliceRange TrainSlices, int PatchSize, int Patches,
    long Steps, int BatchSize, int DenoiserWidth, Data.CtPhysics.LowDoseOptions Scan, string? FeatureNetworkVersion);

/// <summary>
/// `tidygan lowdose-experiment`: per dose and seed, simulate the scan of both slabs, train every arm on the training slab's
/// patches (cached by configuration), denoise the test slab and score it (<see cref="LowDoseScoring"/>). Writes
/// results.json, table.md and figures (a zoomed panel, the NPS curves and lesion crops per dose) into the folder.
/// The head CT is InVesalius' Cranium unless <c>volume</c> (a CT in HU, e.g. a crop of it in tests) is given; the arms'
/// cache key names Cranium's file either way, so pass a volume only into a folder of its own.
/// </summary>
public static class LowDoseExperiment
{
    private const string SecondsFile = "train-seconds.txt";

    public static IReadOnlyList<LowDoseScore> Run(LowDoseExperimentOptions options, string folder, ImageClassifier? features = null,
        string? featureVersion = null, Action<string, TrainingProgress>? progress = null, Action<string>? notice = null,
        bool force = false, Volume? volume = null, CancellationToken cancellation = default)
    {
        options.Validate();
        if (options.Arms.Contains(LowDoseArm.WganPerceptual) && features is null)
            throw new ArgumentException("the wgan-perceptual arm needs a CT feature network: pass --features DIR (made by `tidygan features train --data ct-head`) or leave the arm out");
        Directory.CreateDirectory(folder);
        var clock = Stopwatch.StartNew();
        notice?.Invoke("reading the head CT, inserting lesions, noiseless reconstruction of the test slab…");
        using var phantom = volume is null ? LowDosePhantom.Load(options) : LowDosePhantom.FromVolume(volume, options);
        notice?.Invoke($"{phantom.Lesions.Count} lesions in {options.TestSlices.Count} test slices ({clock.Elapsed.TotalSeconds:0} s)");
        var data = DataIdentity.Of("ct-head", Datasets.CraniumPath);
        var scores = new List<LowDoseScore>();
        foreach (var dose in options.Doses)
        {
            Tensor? panelFull = null;
            var panels = new List<(string Name, Tensor Hu)>();
            var spectra = new List<(string Name, double[] Frequency, double[] Power)>();
            foreach (var seed in options.Seeds)
            {
                if (cancellation.IsCancellationRequested) break;
                var simulated = Stopwatch.StartNew();
                using var scan = LowDoseScan.Simulate(phantom, options, dose, seed);
                notice?.Invoke($"dose {dose}, seed {seed}: scans simulated in {simulated.Elapsed.TotalSeconds:0} s");
                bool first = seed == options.Seeds[0];
                if (first)
                {
                    panelFull = scan.TestFull.clone();
                    panels.Add(("full dose", panelFull));
                    var fullNps = LowDoseScoring.FullDoseSpectrum(phantom, scan, options);
                    spectra.Add(("full dose", fullNps.Frequency, fullNps.Power));
                }
                using var patches = options.Arms.Any(a => a != LowDoseArm.LowDoseFbp)
                    ? LowDoseArms.Patches(scan, options, phantom.PixelSpacingMm, seed) : null;
                foreach (var arm in options.Arms)
                {
                    if (cancellation.IsCancellationRequested) break;
                    var (hu, seconds, trainSeconds) = arm == LowDoseArm.LowDoseFbp
                        ? (scan.TestLow.clone(), 0.0, 0.0)
                        : TrainAndApply(arm, dose, seed, scan, patches!, phantom, options, folder, features, featureVersion, data, progress, notice, force, cancellation);
                    using (hu)
                    {
                        var score = LowDoseScoring.Score(arm, dose, seed, hu, phantom, scan, options, seconds, trainSeconds);
                        scores.Add(score);
                        notice?.Invoke($"dose {dose}, seed {seed}, {Name(arm)}: PSNR {score.Psnr:0.00} dB, SSIM {score.Ssim:0.000}, MAE {score.MaeHu:0.0} HU, " +
                                       $"lesions lost {score.LesionsLost}/{score.Lesions}, invented {score.Hallucinations}");
                        if (first)
                        {
                            panels.Add((Name(arm), hu.clone()));
                            spectra.Add((Name(arm), score.NpsPower.Select((_, k) => k / (options.NpsRoi * phantom.PixelSpacingMm)).ToArray(), score.NpsPower));
                        }
                    }
                }
            }
            if (panels.Count > 1) WriteFigures(folder, dose, panels, spectra, phantom);
            foreach (var (_, t) in panels) t.Dispose();
        }
        LowDoseResults.Write(folder, options, scores, clock.Elapsed);
        return scores;
    }

    public static string Name(LowDoseArm arm) => arm switch
    {
        LowDoseArm.LowDoseFbp => "low-dose FBP",
        LowDoseArm.Mse => "MSE (RED-CNN)",
        LowDoseArm.Adversarial => "MSE + adversarial",
        LowDoseArm.WganPerceptual => "WGAN + perceptual",
        LowDoseArm.Pix2Pix => "pix2pix",
        _ => arm.ToString(),
    };

    private static (Tensor Hu, double Seconds, double TrainSeconds) TrainAndApply(LowDoseArm arm, double dose, int seed, LowDoseScan scan,
        PairedSet patches, LowDosePhantom phantom, LowDoseExperimentOptions options, string folder, ImageClassifier? features,
        string? featureVersion, DataIdentity data, Action<string, TrainingProgress>? progress, Action<string>? notice, bool force,
        CancellationToken cancellation)
    {
        var config = new LowDoseArmConfig(arm, dose, seed, options.TrainSlices, options.PatchSize, options.Patches, options.Steps,
            options.BatchSize, options.DenoiserWidth, options.Scan, arm == LowDoseArm.WganPerceptual ? featureVersion : null);
        var run = Path.Combine(folder, $"dose-{dose.ToString(CultureInfo.InvariantCulture)}", $"seed-{seed}", ArmFolder(arm));
        ArmCache.GetOrRun(run, ArmKey.Of(config, data), force, target =>
        {
            var clock = Stopwatch.StartNew();
            using var model = LowDoseArms.Create(arm, options, phantom.PixelSpacingMm, features);
            if (!LowDoseArms.Train(model, patches, options, seed, target, p => progress?.Invoke($"{Name(arm)} (dose {dose}, seed {seed})", p), cancellation))
                throw new OperationCanceledException($"{Name(arm)} stopped before its last step");
            AtomicFile.WriteAllText(Path.Combine(target, SecondsFile), clock.Elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
        }, target => Checkpoint.ReadManifest(Checkpoint.Resolve(target)).Step >= options.Steps, notice);

        using var trained = CheckpointLoader.Load<IPairedModel>(run, preferEma: false);
        var (hu, seconds) = LowDoseArms.Apply(trained.Gan.Translator, scan.TestLow);
        var secondsFile = Path.Combine(run, SecondsFile);
        double train = File.Exists(secondsFile) && double.TryParse(File.ReadAllText(secondsFile), CultureInfo.InvariantCulture, out var s) ? s : double.NaN;
        return (hu, seconds, train);
    }

    private static string ArmFolder(LowDoseArm arm) => arm switch
    {
        LowDoseArm.Mse => "mse",
        LowDoseArm.Adversarial => "adversarial",
        LowDoseArm.WganPerceptual => "wgan-perceptual",
        LowDoseArm.Pix2Pix => "pix2pix",
        _ => throw new ArgumentException($"{arm} is not trained"),
    };

    /// <summary>Per dose: the middle test slice's central 128² px (brain window W160/L40) for every arm; crops of the
    /// first four lesions; the NPS curves.</summary>
    private static void WriteFigures(string folder, double dose, List<(string Name, Tensor Hu)> panels,
        List<(string Name, double[] Frequency, double[] Power)> spectra, LowDosePhantom phantom)
    {
        string tag = dose.ToString(CultureInfo.InvariantCulture);
        int slice = (int)panels[0].Hu.shape[0] / 2, rows = phantom.Rows, cols = phantom.Columns, zoom = Math.Min(128, Math.Min(rows, cols));
        using (var crops = cat(panels.Select(p => p.Hu.narrow(0, slice, 1).narrow(2, (rows - zoom) / 2, zoom).narrow(3, (cols - zoom) / 2, zoom)).ToArray(), 0))
            ImageGrid.Save(crops, Path.Combine(folder, $"panel-dose-{tag}.png"), columns: panels.Count, low: -40, high: 120, upscale: 2);
        var lesions = phantom.Lesions.Take(4).ToList();
        if (lesions.Count > 0)
        {
            const int half = 16;
            var tiles = new List<Tensor>();
            foreach (var lesion in lesions)
            {
                int r = Math.Clamp((int)Math.Round(lesion.CentreRow) - half, 0, rows - 2 * half);
                int c = Math.Clamp((int)Math.Round(lesion.CentreColumn) - half, 0, cols - 2 * half);
                tiles.AddRange(panels.Select(p => p.Hu.narrow(0, lesion.Slice, 1).narrow(2, r, 2 * half).narrow(3, c, 2 * half)));
            }
            using var grid = cat(tiles.ToArray(), 0);
            ImageGrid.Save(grid, Path.Combine(folder, $"lesions-dose-{tag}.png"), columns: panels.Count, low: -40, high: 120, upscale: 4);
        }
        NoisePowerSpectrumPlot.Save(spectra, Path.Combine(folder, $"nps-dose-{tag}.png"),
            $"Noise power spectra in the head, dose {tag} (noise = image − noiseless reconstruction)");
    }
}
