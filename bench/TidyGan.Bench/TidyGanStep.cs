using System.Diagnostics;
using TidyGan.Losses;
using TidyGan.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Bench;

/// <summary>
/// The DC-GAN training step as pytorch/examples runs it: D on a real batch and on G(z) (detached) with the
/// non-saturating loss, Adam step; then G through D(G(z)), Adam step. lr 2e-4, β1 0.5. One dispose scope per step.
/// </summary>
internal static class TidyGanStep
{
    public static (StepTimes Times, float LossD, float LossG, long ParamsG, long ParamsD) Run(BenchConfig config, BenchSettings settings)
    {
        torch.manual_seed(settings.Seed);
        var o = config.Model;
        using var generator = new DcGanGenerator(o);
        using var discriminator = new DcGanDiscriminator(o);
        using var optG = optim.Adam(generator.parameters(), lr: 2e-4, beta1: 0.5, beta2: 0.999);
        using var optD = optim.Adam(discriminator.parameters(), lr: 2e-4, beta1: 0.5, beta2: 0.999);
        var loss = AdversarialLoss.Create(AdversarialLossKind.NonSaturating);
        using var real = rand(config.Batch, o.Channels, o.ImageSize, o.ImageSize) * 2 - 1;  // fixed batch: no data loading

        float lossD = 0, lossG = 0;
        void Step()
        {
            using var scope = NewDisposeScope();
            // (1) D: maximise log D(x) + log(1 − D(G(z)))
            optD.zero_grad();
            var fake = generator.call(generator.Noise(config.Batch));
            var dLoss = loss.Discriminator(discriminator.call(real), discriminator.call(fake.detach()));
            dLoss.backward();
            optD.step();
            // (2) G: maximise log D(G(z))
            optG.zero_grad();
            var gLoss = loss.Generator(discriminator.call(fake));
            gLoss.backward();
            optG.step();
            lossD = dLoss.item<float>();
            lossG = gLoss.item<float>();
        }

        for (var i = 0; i < settings.Warmup; i++) Step();
        var times = new List<double>(settings.Steps);
        for (var i = 0; i < settings.Steps; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            Step();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return (new StepTimes(times), lossD, lossG,
            generator.parameters().Sum(p => p.numel()), discriminator.parameters().Sum(p => p.numel()));
    }
}
