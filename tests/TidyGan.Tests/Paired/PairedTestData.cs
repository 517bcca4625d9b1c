using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Nn;
using TidyGan.Nn.Paired;
using TorchSharp;

namespace TidyGan.Tests.Paired;

/// <summary>Paired test data: the real head CT (InVesalius Cranium) and a copy with Gaussian noise in HU, and tiny paired models.</summary>
internal static class PairedTestData
{
    /// <summary>The Cranium CT as read, and the same volume plus N(0, σ²) HU noise (seeded), on the same grid.</summary>
    public static (Volume Full, Volume Noisy) NoisyCranium(double sigmaHu, int seed = 5)
    {
        var full = InVesaliusReader.Read(Datasets.CraniumPath);
        var random = new Random(seed);
        var noisy = full.Voxels.Select(v => (float)(v + sigmaHu * Gaussian(random))).ToArray();
        return (full, full.WithVoxels(noisy));
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    /// <summary>Random 2-channel "pairs" for mechanical tests (resume, shapes): channel 1 a smoothed channel 0.</summary>
    public static ImageSet RandomPairs(int count, int size, int seed = 1)
    {
        using var random = new torch.Generator((ulong)seed);
        var x = torch.rand([count, 1, size, size], generator: random) * 2 - 1;
        var y = torch.nn.functional.avg_pool2d(x, 3, stride: 1, padding: 1);
        return new ImageSet { Name = "pairs", Images = torch.cat([x, y], 1).DetachFromDisposeScope(), Intensity = HounsfieldWindow.Full };
    }

    public static PairedDomains Domains(ImageSet pairs)
    {
        var d = DataDescription.Of(pairs, pairs.Name);
        return new PairedDomains(d with { Channels = 1 }, d with { Channels = 1 }, 240);
    }

    public static Pix2PixOptions TinyPix2Pix { get; } = Pix2PixOptions.Cpu with { ImageSize = 32, GeneratorWidth = 4, DiscriminatorWidth = 4, DiscriminatorLayers = 1 };
    public static DenoiserOptions TinyDenoiser(DenoiserArm arm) => DenoiserOptions.Cpu with
    {
        Arm = arm, ImageSize = 32, Width = 4, DiscriminatorWidth = 4, DiscriminatorLayers = 1, CriticSteps = 2,
    };

    /// <summary>A paired model whose initial weights depend only on <paramref name="seed"/>; the WGAN arm gets an untrained feature network.</summary>
    public static IPairedModel Create(string kind, ImageSet pairs, ImageClassifier? features = null, int seed = 11)
    {
        torch.manual_seed(seed);
        var domains = Domains(pairs);
        return kind switch
        {
            "pix2pix" => new Pix2Pix(new Pix2PixConfig(TinyPix2Pix, domains)),
            "mse" => new DenoiserConfig(TinyDenoiser(DenoiserArm.Mse), domains).Create(),
            "adversarial" => new DenoiserConfig(TinyDenoiser(DenoiserArm.Adversarial), domains).Create(),
            "wgan-perceptual" => new DenoiserConfig(TinyDenoiser(DenoiserArm.WganPerceptual), domains).Create(features),
            _ => throw new ArgumentException(kind),
        };
    }
}
