using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Nn;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Tests.Anomaly;

/// <summary>The whole chain on a small synthetic CT head (an ellipsoid of soft tissue in air, anisotropic voxels, an
/// affine with an offset): WGAN-GP 2 steps → f-AnoGAN encoder 2 steps → scores and maps. Untrained networks: this checks
/// plumbing and geometry, not detection.</summary>
[Collection(GlobalRandomState.Name)]
public class AnomalyScoringTests
{
    [Theory]
    [InlineData(AnomalyMethod.FAnoGan)]
    [InlineData(AnomalyMethod.AnoGan)]
    public void MapsKeepTheInputGeometryAndEveryHeadSliceIsScored(AnomalyMethod method)
    {
        using var dir = new TempDirectory();
        var volume = SyntheticHead();
        var options = new DatasetOptions(Size: 16);
        using var images = Datasets.FromVolume("synthetic-ct", volume, options, ct: true);
        var data = DataDescription.Of(images, "synthetic-ct", null, options);
        var model = new DcGanOptions(ImageSize: 16, Channels: 1, LatentDim: 8, GeneratorWidth: 8, DiscriminatorWidth: 8);
        var trainer = new TrainerOptions { Steps = 2, BatchSize = 4, LogEvery = 1, CheckpointEvery = 100, SampleGrids = false, Seed = 1 };
        var ganRun = Path.Combine(dir.Path, "wgan");
        using (var wgan = ModelCatalog.Create(WganGpConfig.For(model), seed: 1))
        using (var run = new Trainer(wgan, images, data, trainer, ganRun)) run.Run();
        var fanoRun = Path.Combine(dir.Path, "fanogan");
        using (var fanogan = ModelCatalog.Create(FAnoGanLoader.For(ganRun), seed: 1))
        using (var run = new Trainer(fanogan, images, data, trainer, fanoRun)) run.Run();

        var outDir = Path.Combine(dir.Path, "scores");
        var scores = AnomalyScoring.Score(fanoRun, volume, "synthetic", method, outDir, new AnoGanOptions(Iterations: 3), batchSize: 4);

        var map = NiftiReader.Read(scores.MapFile);
        Assert.Equal(volume.Shape, map.Shape);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) Assert.Equal(volume.Affine[i, j], map.Affine[i, j], 4);
        for (int i = 0; i < 3; i++) Assert.Equal(volume.Spacing[i], map.Spacing[i], 4);       // NIfTI stores float32
        Assert.All(map.Voxels, v => Assert.True(v >= 0 && float.IsFinite(v)));
        Assert.Contains(map.Voxels, v => v > 0);
        int headSlices = Enumerable.Range(0, volume.Shape[2]).Count(z => z is >= 3 and <= 16);
        Assert.Equal(headSlices, scores.Slices.Count);
        Assert.Equal(headSlices + 1, File.ReadAllLines(scores.CsvFile).Length);
        Assert.True(File.Exists(scores.OverlayFile) && File.Exists(scores.JsonFile));
        // A slice with no head is background in the map: 0 everywhere.
        Assert.All(Enumerable.Range(0, volume.Shape[0] * volume.Shape[1]), p => Assert.Equal(0f, map.Voxels[p]));
    }

    /// <summary>40 × 36 × 20 voxels of 0.9 × 1.1 × 2.5 mm, air (−1024 HU) with an ellipsoid of 40 HU (a darker core of 20 HU)
    /// on slices 3…16.</summary>
    private static Volume SyntheticHead()
    {
        int nx = 40, ny = 36, nz = 20;
        var voxels = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    double r = Math.Pow((x - 20) / 15.0, 2) + Math.Pow((y - 18) / 13.0, 2) + Math.Pow((z - 9.5) / 7.0, 2);
                    voxels[x + nx * (y + ny * z)] = r <= 1 ? (r < 0.3 ? 20f : 40f) : -1024f;
                }
        var affine = new double[,] { { 0.9, 0, 0, -18 }, { 0, 1.1, 0, -20 }, { 0, 0, 2.5, 7 }, { 0, 0, 0, 1 } };
        return new Volume(voxels, [nx, ny, nz], affine, IntensityKind.Hounsfield, NiftiDataType.Int16, "synthetic", [0.9, 1.1, 2.5]);
    }
}
