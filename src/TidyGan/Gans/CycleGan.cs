using TidyGan.Data;
using TidyGan.Losses;
using TidyGan.Nn.CycleGan;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// Cycle-GAN (Zhu 2017) on unpaired domains A (e.g. MR) and B (e.g. CT), Wolterink 2017's MR → CT setting.
/// The trainer hands over a batch of A with an independently drawn batch of B (<see cref="Batch.SecondDomain"/>).
/// One step: the discriminators judge real images against pooled fakes G(a), F(b); then the generators
/// minimise adversarial + λ·cycle + λ·λ_id·identity losses. The reference updates G first and D second on the
/// same fakes; the one trainer runs D first, as for every GAN here, so G answers the just-updated D.
/// </summary>
public sealed class CycleGan : IGan
{
    /// <summary>Grid layout: per row a | G(a) | F(G(a)) | b | F(b) | G(F(b)).</summary>
    public const int GridColumns = 6;

    private readonly CycleGanConfig config;
    private readonly AdversarialLoss loss;
    private readonly double adversarialWeight;
    private readonly Tensor? gridA, gridB;
    private Tensor? fakeB, fakeA;                       // G(a), F(b) of the last D step, with their graphs

    /// <param name="gridA">Domain-A images for the sample grids (training runs); null when only translating.</param>
    public CycleGan(CycleGanConfig config, ImageSet? gridA = null, ImageSet? gridB = null)
    {
        config.Model.Validate();
        this.config = config;
        loss = AdversarialLoss.Create(config.Loss);
        // The reference's G term is MSE(D(G(a)), 1) = 2 × Mao's ½·E[(D − 1)²] that LeastSquaresLoss returns.
        adversarialWeight = config.Loss == AdversarialLossKind.LeastSquares ? 2 : 1;
        Generators = new CycleGenerators(config.Model);
        Discriminators = new CycleDiscriminators(config.Model);
        this.gridA = gridA is null ? null : GridImages(gridA);
        this.gridB = gridB is null ? null : GridImages(gridB);
    }

    public string Kind => "cyclegan";
    public object Options => config;
    public CycleGanConfig Config => config;
    public CycleGenerators Generators { get; }
    public CycleDiscriminators Discriminators { get; }
    public nn.Module Generator => Generators;
    public nn.Module Discriminator => Discriminators;
    public int ClassCount => 0;

    public nn.Module CreateGenerator() => new CycleGenerators(config.Model);

    /// <summary>The "latent" of a Cycle-GAN grid: count / 6 fixed (a, b) pairs, [pairs, 2·C, S, S].</summary>
    public Tensor SampleLatent(int count, Generator random, Device device)
    {
        if (gridA is null || gridB is null) throw new InvalidOperationException("this Cycle-GAN was built without grid images (pass both domains to draw sample grids)");
        int pairs = Math.Max(1, count / GridColumns);
        using var indexA = Spread(pairs, gridA.shape[0]);
        using var indexB = Spread(pairs, gridB.shape[0]);
        return cat([gridA.index_select(0, indexA), gridB.index_select(0, indexB)], 1).to(device);
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

    public LossTerms DiscriminatorStep(Batch real, Generator random)
    {
        var (a, b) = Domains(real);
        Discriminators.RequiresGrad(true);
        fakeB = Generators.AToB.call(a);
        fakeA = Generators.BToA.call(b);
        var judgeB = AdversarialTerms.Discriminator(loss, x => Discriminators.JudgeB.call(x), b,
            Discriminators.PoolB.Query(fakeB, random), config.GradientPenaltyWeight, random);
        var judgeA = AdversarialTerms.Discriminator(loss, x => Discriminators.JudgeA.call(x), a,
            Discriminators.PoolA.Query(fakeA, random), config.GradientPenaltyWeight, random);
        return new LossTerms(judgeA.Loss + judgeB.Loss, ("loss/discriminator_a", judgeA.Loss.detach()), ("loss/discriminator_b", judgeB.Loss.detach()));
    }

    public LossTerms GeneratorStep(Batch real, Generator random)
    {
        var (a, b) = Domains(real);
        Discriminators.RequiresGrad(false);                   // D is only a critic here; its weights get no gradients
        var ab = fakeB ?? Generators.AToB.call(a);
        var ba = fakeA ?? Generators.BToA.call(b);
        fakeA = fakeB = null;
        var m = config.Model;
        var adversarialAB = loss.Generator(Discriminators.JudgeB.call(ab)) * adversarialWeight;
        var adversarialBA = loss.Generator(Discriminators.JudgeA.call(ba)) * adversarialWeight;
        var cycleA = CycleConsistency.Cycle(Generators.BToA.call(ab), a, m.CycleWeight);
        var cycleB = CycleConsistency.Cycle(Generators.AToB.call(ba), b, m.CycleWeight);
        var total = adversarialAB + adversarialBA + cycleA + cycleB;
        var terms = new List<(string, Tensor)>
        {
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
        return new LossTerms(total, [.. terms]);
    }

    private static (Tensor A, Tensor B) Domains(Batch real) =>
        (real.Images, real.SecondDomain?.Images ?? throw new InvalidOperationException("Cycle-GAN needs a batch of each domain (train it with two datasets)"));

    /// <summary>CT columns of the grid: −1000…1000 HU to −1…1 (air black, bone white), as the other CT grids show.</summary>
    private static Tensor Display(Tensor images, DataDescription domain)
    {
        if (domain.IntensityUnit != "HU") return images;
        var (low, high) = domain.DisplayRange;
        return images.sub(low).mul(2.0 / (high - low)).sub(1).clamp(-1, 1);
    }

    private static Tensor GridImages(ImageSet set) => set.Images.clone().DetachFromDisposeScope();

    /// <summary>Evenly spread indices: slices from the lower to the upper part of the volume.</summary>
    private static Tensor Spread(int count, long total) =>
        tensor(Enumerable.Range(0, count).Select(i => (long)((i + 1) * total / (count + 1))).ToArray());

    public void Dispose()
    {
        Generators.Dispose();
        Discriminators.Dispose();
        gridA?.Dispose();
        gridB?.Dispose();
    }
}
