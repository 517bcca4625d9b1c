using TidyGan.IO;
using TidyGan.Data;
using TidyGan.Losses;
using TidyGan.Nn.CycleGan;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// Cycle-GAN (Zhu 2017) on unpaired domains A (e.g. MR) and B (e.g. CT), Wolterink 2017's MR → CT setting.
/// Each step gets a batch of A with an independently drawn batch of B (<see cref="Batch.SecondDomain"/>).
/// One step: the discriminators judge real images against pooled fakes G(a), F(b); then the generators minimise
/// adversarial + λ·cycle + λ·λ_id·identity losses against the just-updated discriminators. The reference's
/// optimize_parameters runs G first and D second on the same fakes; TidyGan runs D first (as its other GANs do),
/// so G answers the updated D; docs/mr-to-ct.md's table was measured with this order.
/// </summary>
public sealed class CycleGan : IImageGenerator
{
    /// <summary>Grid layout: per row a | G(a) | F(G(a)) | b | F(b) | G(F(b)).</summary>
    public const int GridColumns = 6;

    private readonly CycleGanConfig config;
    private readonly AdversarialLoss loss;
    private readonly double adversarialWeight;
    private readonly ImageSet? gridA, gridB;       // read only at grid time: a cohort on disk stays there
    private NamedOptimizer[]? optimizers;

    /// <param name="gridA">Domain-A images for the sample grids (training runs; the caller keeps them alive and disposes
    /// them); null when only translating.</param>
    public CycleGan(CycleGanConfig config, ImageSet? gridA = null, ImageSet? gridB = null)
    {
        this.config = config.Validate();
        loss = AdversarialLoss.Create(config.Loss);
        // The reference's G term is MSE(D(G(a)), 1) = 2 × Mao's ½·E[(D − 1)²] that LeastSquaresLoss returns.
        adversarialWeight = config.Loss == AdversarialLossKind.LeastSquares ? 2 : 1;
        Generators = new CycleGenerators(config.Model);
        Discriminators = new CycleDiscriminators(config.Model);
        this.gridA = gridA;
        this.gridB = gridB;
    }

    public IModelOptions Options => config;
    public CycleGanConfig Config => config;
    public CycleGenerators Generators { get; }
    public CycleDiscriminators Discriminators { get; }
    public nn.Module Generator => Generators;
    public nn.Module Discriminator => Discriminators;
    public int ClassCount => 0;
    public int BatchesPerStep => config.CriticSteps;

    /// <summary>One Adam for both generators, one for both discriminators (the reference's optimizer_G, optimizer_D).</summary>
    public IReadOnlyList<NamedOptimizer> Optimizers => optimizers ??=
        NamedOptimizer.AdamPair(Generators, Discriminators, config.Adam);

    public StepLosses Step(StepContext context)
    {
        var (generatorOptimizer, discriminatorOptimizer) = (Optimizers[0].Optimizer, Optimizers[1].Optimizer);
        Tensor a = null!, b = null!, ab = null!, ba = null!, discriminatorLoss = null!;
        (Tensor Loss, (string, Tensor)[] Diagnostics) judgeA = (null!, []), judgeB = (null!, []);

        // 1. D_A, D_B: real vs fakes from the pools of past fakes (Shrivastava 2017), once (n_critic times for WGAN-GP).
        for (int k = 0; k < config.CriticSteps; k++)
        {
            (a, b) = Domains(context.Batch(k));
            discriminatorOptimizer.zero_grad();
            Discriminators.RequiresGrad(true);
            ab = Generators.AToB.call(a);                // G(a), F(b): kept with their graphs for the generators' update
            ba = Generators.BToA.call(b);
            judgeB = DiscriminatorLoss.Compute(loss, x => Discriminators.JudgeB.call(x), b,
                Discriminators.PoolB.Query(ab, context.Random), config.GradientPenaltyWeight, context.Random);
            judgeA = DiscriminatorLoss.Compute(loss, x => Discriminators.JudgeA.call(x), a,
                Discriminators.PoolA.Query(ba, context.Random), config.GradientPenaltyWeight, context.Random);
            discriminatorLoss = judgeA.Loss + judgeB.Loss;
            discriminatorLoss.backward();
            discriminatorOptimizer.step();
        }

        // 2. G, F: fool the discriminators, keep cycles F(G(a)) ≈ a, G(F(b)) ≈ b, and leave target-domain images alone.
        generatorOptimizer.zero_grad();
        Discriminators.RequiresGrad(false);                  // D is only a critic here; its weights get no gradients
        var m = config.Model;
        var adversarialAB = loss.Generator(Discriminators.JudgeB.call(ab)) * adversarialWeight;
        var adversarialBA = loss.Generator(Discriminators.JudgeA.call(ba)) * adversarialWeight;
        var cycleA = CycleConsistency.Cycle(Generators.BToA.call(ab), a, m.CycleWeight);
        var cycleB = CycleConsistency.Cycle(Generators.AToB.call(ba), b, m.CycleWeight);
        var total = adversarialAB + adversarialBA + cycleA + cycleB;
        var terms = new List<(string, Tensor)>
        {
            ("loss/discriminator_a", judgeA.Loss.detach()), ("loss/discriminator_b", judgeB.Loss.detach()),
            ("loss/adversarial_a_to_b", adversarialAB.detach()), ("loss/adversarial_b_to_a", adversarialBA.detach()),
            ("loss/cycle_a", cycleA.detach()), ("loss/cycle_b", cycleB.detach()),
        };
        if (m.IdentityWeight > 0)
        {
            var identityB = CycleConsistency.Identity(Generators.AToB.call(b), b, m.CycleWeight * m.IdentityWeight);
            var identityA = CycleConsistency.Identity(Generators.BToA.call(a), a, m.CycleWeight * m.IdentityWeight);
            total = total + identityA + identityB;
            terms.Add(("loss/identity_a", identityA.detach()));
            terms.Add(("loss/identity_b", identityB.detach()));
        }
        total.backward();
        generatorOptimizer.step();
        return new StepLosses(discriminatorLoss, total, [.. terms]);
    }

    public nn.Module CreateGenerator() => new CycleGenerators(config.Model);

    /// <summary>The "latent" of a Cycle-GAN grid: count / 6 fixed (a, b) pairs, [pairs, 2·C, S, S].</summary>
    public Tensor SampleLatent(int count, Generator random, Device device)
    {
        if (gridA is null || gridB is null) throw new InvalidOperationException("this Cycle-GAN was built without grid images (pass both domains to draw sample grids)");
        int pairs = Math.Max(1, count / GridColumns);
        using var indexA = Spread(pairs, gridA.Count);
        using var indexB = Spread(pairs, gridB.Count);
        return cat([gridA.Gather(indexA), gridB.Gather(indexB)], 1).to(device);
    }

    /// <summary>Grid rows a | G(a) | F(G(a)) | b | F(b) | G(F(b)); CT columns in a −1000…1000 HU display window.</summary>
    public Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels)
    {
        var pair = (CycleGenerators)generator;
        int c = config.Model.Channels;
        var a = latent.narrow(1, 0, c);
        var b = latent.narrow(1, c, c);
        var ab = pair.AToB.call(a);
        var aba = pair.BToA.call(ab);
        var ba = pair.BToA.call(b);
        var bab = pair.AToB.call(ba);
        var columns = new[] { Display(a, config.DomainA), Display(ab, config.DomainB), Display(aba, config.DomainA),
                              Display(b, config.DomainB), Display(ba, config.DomainA), Display(bab, config.DomainB) };
        return stack(columns, 1).flatten(0, 1);          // [pairs·6, C, S, S], row-major
    }

    private static (Tensor A, Tensor B) Domains(Batch real) =>
        (real.Images, real.SecondDomain?.Images ?? throw new UserException("Cycle-GAN needs a batch of each domain (train it with two datasets)"));

    /// <summary>CT columns of the grid: −1000…1000 HU to −1…1 (air black, bone white), as the other CT grids show.</summary>
    private static Tensor Display(Tensor images, DataDescription domain)
    {
        if (domain.IntensityUnit != "HU") return images;
        var (low, high) = domain.DisplayRange;
        return images.sub(low).mul(2.0 / (high - low)).sub(1).clamp(-1, 1);
    }

    /// <summary>Evenly spread indices: slices from the lower to the upper part of the volume.</summary>
    private static Tensor Spread(int count, long total) =>
        tensor(Enumerable.Range(0, count).Select(i => (long)((i + 1) * total / (count + 1))).ToArray());

    public void Dispose()
    {
        NamedOptimizer.DisposeAll(optimizers);
        Generators.Dispose();
        Discriminators.Dispose();
    }
}
