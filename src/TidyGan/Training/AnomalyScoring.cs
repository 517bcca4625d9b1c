using System.Globalization;
using System.Text.Json.Nodes;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Nn;
using TidyGan.Reports;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>Which anomaly score: f-AnoGAN's encoder (one pass) or AnoGAN's latent search (iterations per slice).</summary>
public enum AnomalyMethod { FAnoGan, AnoGan }

/// <summary>One head slice's score: its axial index in the input (world order, inferior → superior) and A(x) with its terms.</summary>
public sealed record SliceAnomaly(int Slice, double Score, double ImageResidual, double FeatureResidual);

/// <summary>What <see cref="AnomalyScoring.Score"/> wrote and measured.</summary>
public sealed record AnomalyScores(AnomalyMethod Method, IReadOnlyList<SliceAnomaly> Slices, string MapFile, string CsvFile, string JsonFile,
    string OverlayFile, double Seconds);

/// <summary>
/// Scores a whole volume slice by slice with a trained f-AnoGAN (<see cref="FAnoGan.Score"/>) or AnoGAN's latent search
/// (<see cref="AnoGanSearch"/>) on the G and D of a WGAN-GP (or of an f-AnoGAN run, which keeps them): the slices are cut
/// and normalised exactly as the GAN's training data (<see cref="VolumeTranslator.Apply"/>), and the per-pixel map
/// |x − G(·)| goes back onto the input's voxel grid in physical units (HU for CT). Writes scores.csv, scores.json,
/// anomaly-map.nii.gz and overlays.png (image | reconstruction | map per slice, six slices a row; the map scaled to the volume's largest value).
/// </summary>
public static class AnomalyScoring
{
    /// <summary>Slices side by side in overlays.png, each as image | reconstruction | map.</summary>
    public const int OverlaySlicesPerRow = 6;

    public static AnomalyScores Score(string checkpoint, Volume input, string inputName, AnomalyMethod method, string outDirectory,
        AnoGanOptions? anoGan = null, int seed = 0, int batchSize = 16, IProgress<(int Done, int Total)>? progress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var manifest = Checkpoint.ReadManifest(Checkpoint.Resolve(checkpoint));
        FAnoGan? fanogan = null;
        TrainedModel<WganGp>? wgan = null;
        DcGanDiscriminator? ownCritic = null;
        try
        {
            DcGanGenerator g;
            DcGanDiscriminator d;
            DcGanOptions model;
            if (manifest.Kind == ModelKind.FAnoGan)
            {
                var trained = FAnoGanLoader.Load(checkpoint);
                fanogan = trained.Gan;
                (g, d, model) = (fanogan.Frozen.G, fanogan.Frozen.D, fanogan.Config.Gan.Model);
            }
            else if (method == AnomalyMethod.AnoGan && manifest.Kind == ModelKind.WganGp)
            {
                wgan = CheckpointLoader.Load<WganGp>(checkpoint);
                ownCritic = new DcGanDiscriminator(wgan.Gan.Config.Model);
                Checkpoint.LoadModule(ownCritic, Path.Combine(wgan.Folder, Checkpoint.DiscriminatorFile));
                (g, d, model) = ((DcGanGenerator)wgan.Generator, ownCritic, wgan.Gan.Config.Model);
            }
            else throw new CheckpointException(checkpoint, method == AnomalyMethod.FAnoGan
                ? $"holds a '{manifest.Kind.Name()}' model; f-AnoGAN scoring needs a `train fanogan` run"
                : $"holds a '{manifest.Kind.Name()}' model; AnoGAN needs a WGAN-GP or f-AnoGAN run");
            d.eval();
            g.eval();

            var slices = new List<(double Score, double Image, double Feature)>();
            var reconstructions = new List<Tensor>();
            using var random = new torch.Generator((ulong)seed);
            Tensor Network(Tensor x)
            {
                using var result = method == AnomalyMethod.FAnoGan
                    ? fanogan!.Score(x)
                    : AnoGanSearch.Run(g, d, x, randn([x.shape[0], model.LatentDim], generator: random), anoGan ?? AnoGanOptions.Paper);
                for (int i = 0; i < x.shape[0]; i++)
                    slices.Add((result.Score[i].item<float>(), result.ImageResidual[i].item<float>(), result.FeatureResidual[i].item<float>()));
                reconstructions.Add(result.Reconstruction.detach().clone().DetachFromDisposeScope());
                return result.Map.detach().clone();
            }

            var data = manifest.Data;
            var (intensity, _, _) = VolumeTranslator.Preparation(input, data);   // MR: this scan's own mapping, as its slices got
            using var low = tensor(-1f);
            using var zero = intensity.ToPhysical(low);
            // |Δ| in normalised units → physical units: exact for the linear windows TidyGan uses (ToPhysical clamps to [−1, 1]).
            var output = new SliceOutput(m => intensity.ToPhysical(m - 1) - zero, 0f, IntensityKind.Unknown, NiftiDataType.Float32,
                $"{Name(method)} anomaly map ({data.IntensityUnit})");
            using var translation = VolumeTranslator.Apply(Network, input, data, model.ImageSize, data.Preprocessing?.FieldOfViewMm,
                data.Preprocessing?.MaxDepthMm, output, batchSize, progress);

            Directory.CreateDirectory(outDirectory);
            var rows = translation.SliceIndices.Select((k, i) => new SliceAnomaly(k, slices[i].Score, slices[i].Image, slices[i].Feature)).ToList();
            var mapFile = Path.Combine(outDirectory, "anomaly-map.nii.gz");
            NiftiWriter.Write(mapFile, translation.Output, NiftiDataType.Float32, output.Description);
            var csv = Path.Combine(outDirectory, "scores.csv");
            AtomicFile.WriteAllLines(csv, rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Slice},{r.Score:R},{r.ImageResidual:R},{r.FeatureResidual:R}"))
                .Prepend("slice,score,image_residual,feature_residual"));
            var overlay = Path.Combine(outDirectory, "overlays.png");
            using (var scope = NewDisposeScope())
            {
                var recon = cat(reconstructions, 0);
                var map = translation.NetworkOutput;
                var scaled = map / map.max().clamp_min(1e-6) * 2 - 1;
                var panels = stack([translation.NetworkInput, recon, scaled], 1).flatten(0, 1);   // rows: image | reconstruction | map
                ImageGrid.Save(panels, overlay, columns: 3 * OverlaySlicesPerRow, upscale: data.DisplayScale);
            }
            foreach (var r in reconstructions) r.Dispose();
            var seconds = clock.Elapsed.TotalSeconds;
            var json = Path.Combine(outDirectory, "scores.json");
            JsonReport.Write(json, new JsonObject
            {
                ["method"] = Name(method),
                ["checkpoint"] = Path.GetFullPath(checkpoint),
                ["step"] = manifest.Step,
                ["input"] = inputName,
                ["kappa"] = fanogan?.Config.Kappa,
                ["anogan"] = method == AnomalyMethod.AnoGan ? JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(anoGan ?? AnoGanOptions.Paper)) : null,
                ["seed"] = seed,
                ["seconds"] = seconds,
                ["seconds_per_slice"] = rows.Count > 0 ? seconds / rows.Count : null,
                ["map_unit"] = data.IntensityUnit,
                ["slices"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
                {
                    ["slice"] = r.Slice, ["score"] = r.Score, ["image_residual"] = r.ImageResidual, ["feature_residual"] = r.FeatureResidual,
                }).ToArray()),
                ["tool"] = JsonReport.ToolVersion,
            });
            return new AnomalyScores(method, rows, mapFile, csv, json, overlay, seconds);
        }
        finally
        {
            fanogan?.Dispose();
            wgan?.Dispose();
            ownCritic?.Dispose();
        }
    }

    public static string Name(AnomalyMethod method) => method == AnomalyMethod.FAnoGan ? "fanogan" : "anogan";
}
