using TidyGan.Data;
using TidyGan.Data.CtPhysics;
using TidyGan.Gans;
using TidyGan.Nn;
using TidyGan.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TidyGan.Tests.Anomaly;

/// <summary>f-AnoGAN on real head CT (Cranium, 32 px over 240 mm): a small WGAN-GP (150 steps) and its izi_f encoder
/// (300 steps) trained on the even slices; the odd slices are scored with and without strong inserted lesions
/// (+1000…+1500 HU, 30–40 mm, two per slice, seeded, inside 0–80 HU tissue).</summary>
[Collection(GlobalRandomState.Name)]
public class FAnoGanDetectsTests(ITestOutputHelper output)
{
    [Trait(Traits.Category, Traits.Slow)]
    [Fact]
    public void StrongInsertedLesionsRaiseTheScoreOfHeldOutSlices()
    {
        using var dir = new TempDirectory();
        var options = UnpairedSlices.Options(32, 240, null);
        using var slices = Datasets.Load("ct-head", options);
        int n = (int)slices.Images.shape[0];
        using var train = new ImageSet { Name = "ct-head even slices", Images = slices.Images.index_select(0, arange(0, n, 2)), Intensity = slices.Intensity };
        using var query = slices.Images.index_select(0, arange(1, n, 2));
        var data = DataDescription.Of(slices, "ct-head", null, options);
        var model = new DcGanOptions(ImageSize: 32, Channels: 1, LatentDim: 64, GeneratorWidth: 32, DiscriminatorWidth: 32);
        var ganRun = Path.Combine(dir.Path, "wgan");
        using (var wgan = ModelCatalog.Create(WganGpConfig.For(model), seed: 1))
        using (var run = new Trainer(wgan, train, data, new TrainerOptions { Steps = 150, BatchSize = 32, LogEvery = 50, CheckpointEvery = 1000, SampleGrids = false, Seed = 1 }, ganRun))
            run.Run();
        var config = FAnoGanLoader.For(ganRun) with { Adam = new AdamOptions(1e-3, 0.5, 0.999) };
        using var fanogan = (FAnoGan)ModelCatalog.Create(config, seed: 1);
        using (var run = new Trainer(fanogan, train, data, new TrainerOptions { Steps = 300, BatchSize = 32, LogEvery = 50, CheckpointEvery = 1000, SampleGrids = false, Seed = 1 }, Path.Combine(dir.Path, "fanogan")))
            run.Run();

        using var hu = slices.Intensity.ToPhysical(query);
        using var allowed = LesionInsertion.SoftTissueMask(hu);
        var lesions = new LesionOptions(DiametersMm: [30, 35, 40], MinContrastHu: 1000, MaxContrastHu: 1500, LesionsPerSlice: 2);
        using var inserted = LesionInsertion.Insert(hu, allowed, 240.0 / 32, lesions, seed: 23);
        using var lesioned = slices.Intensity.ToNormalized(inserted.Images);
        using var clean = fanogan.Score(query);
        using var withLesions = fanogan.Score(lesioned);
        var hit = inserted.Lesions.Select(l => l.Slice).Distinct().ToList();
        var a = clean.Score.data<float>().ToArray();
        var b = withLesions.Score.data<float>().ToArray();
        int higher = hit.Count(i => b[i] > a[i]);
        output.WriteLine($"{hit.Count} of {query.shape[0]} held-out slices got lesions; A(x) higher with them on {higher}; mean without {hit.Average(i => a[i]):F4}, with {hit.Average(i => b[i]):F4}");
        Assert.True(hit.Count >= 5, $"only {hit.Count} slices had room for a lesion");
        Assert.True(higher >= 0.9 * hit.Count, $"only {higher} of {hit.Count} slices scored higher with lesions");
        Assert.Equal(query.shape, withLesions.Map.shape);
    }
}
