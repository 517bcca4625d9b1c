using TidyGan.IO;
using TidyGan.Losses;
using TidyGan.Nn.Segmentation;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// A segmenter for the one trainer, with or without Kamnitsas 2017's adversarial domain adaptation. Its
/// "generator" is the U-Net, its "discriminator" the multi-connected domain discriminator; the source batch
/// carries per-pixel labels, the second-domain batch (<see cref="Data.Batch.SecondDomain"/>) is the unlabelled target.
/// One step:
///   supervised only:  segmenter ← ∇ L_seg(source)                              (Dice + cross-entropy)
///   alternating:      D ← ∇ L_D(f(source) → 1, f(target) → 0) on detached features; then
///                     segmenter ← ∇ [L_seg(source) − α(t)·L_D] with D fixed (minimax, the paper's objective), or
///                     segmenter ← ∇ [L_seg(source) + α(t)·L_D(f(source) → 0, f(target) → 1)] (flipped labels, default)
///   gradient reversal: both at once: L_seg + L_D(GRL_α(f)), one backward pass.
/// </summary>
public sealed class AdversarialSegmenter : IGan
{
    private readonly SegmentationConfig config;
    private NamedOptimizer[]? optimizers;
    private double alpha;

    public AdversarialSegmenter(SegmentationConfig config)
    {
        config.Model.Validate();
        config.Adaptation?.Validate();
        this.config = config;
        Segmenter = new UNet2d(config.Model);
        DomainDiscriminator = new DomainDiscriminator(config.Model,
            config.Adaptation?.Layers ?? config.Model.LayerNames, config.Adaptation?.DiscriminatorWidth ?? 64);
    }

    public IModelOptions Options => config;
    public SegmentationConfig Config => config;
    public UNet2d Segmenter { get; }
    public DomainDiscriminator DomainDiscriminator { get; }
    public nn.Module Generator => Segmenter;
    public nn.Module Discriminator => DomainDiscriminator;

    /// <summary>The adversarial weight α of the last step (it follows the step count, so a resumed run continues the ramp).</summary>
    public double Alpha => alpha;

    /// <summary>One Adam for the segmenter, one for the domain discriminator (unused without adaptation).</summary>
    public IReadOnlyList<NamedOptimizer> Optimizers => optimizers ??=
        NamedOptimizer.AdamPair(Segmenter, DomainDiscriminator, config.Adam);

    public StepLosses Step(StepContext context)
    {
        var (generatorOptimizer, discriminatorOptimizer) = (Optimizers[0].Optimizer, Optimizers[1].Optimizer);
        alpha = config.Adaptation?.Weight(context.Step) ?? 0;
        var real = context.Batch();
        var labels = real.Labels ?? throw new UserException("segmentation needs labelled source batches (per-pixel label maps)");
        var adaptation = config.Adaptation;
        if (adaptation is null)
        {
            generatorOptimizer.zero_grad();
            var (total, ce, dice) = DiceCrossEntropy.Loss(Segmenter.call(real.Images), labels);
            total.backward();
            generatorOptimizer.step();
            return new StepLosses(null, total, ("loss/cross_entropy", ce.detach()), ("loss/dice", dice.detach()));
        }

        var target = real.SecondDomain?.Images ?? throw new UserException("adaptation needs an unlabelled target batch (train with a second domain)");
        var (logits, sourceFeatures) = Segmenter.ForwardWithFeatures(real.Images);
        var (_, targetFeatures) = Segmenter.ForwardWithFeatures(target);
        var segmentation = DiceCrossEntropy.Loss(logits, labels);

        if (adaptation.Update == AdversarialUpdate.GradientReversal)
        {
            generatorOptimizer.zero_grad();
            discriminatorOptimizer.zero_grad();
            var reversedSource = sourceFeatures.Select(f => GradientReversal.Apply(f, alpha)).ToArray();
            var reversedTarget = targetFeatures.Select(f => GradientReversal.Apply(f, alpha)).ToArray();
            var (domainLoss, accuracy) = DomainLoss(reversedSource, reversedTarget);
            var total = segmentation.Total + domainLoss;
            total.backward();
            generatorOptimizer.step();
            discriminatorOptimizer.step();
            return new StepLosses(domainLoss, segmentation.Total - alpha * domainLoss.detach(),
                [("domain/accuracy", accuracy), .. Diagnostics(segmentation, domainLoss)]);
        }

        // Alternating: D first, on features that carry no gradient to the segmenter ...
        discriminatorOptimizer.zero_grad();
        var (dLoss, dAccuracy) = DomainLoss(sourceFeatures.Select(f => f.detach()).ToArray(), targetFeatures.Select(f => f.detach()).ToArray());
        dLoss.backward();
        discriminatorOptimizer.step();

        // ... then the segmenter against the just-updated, fixed D: keep segmenting, make the domains inseparable.
        generatorOptimizer.zero_grad();
        SetRequiresGrad(DomainDiscriminator, false);
        bool flipped = adaptation.Objective == SegmenterObjective.Flipped;
        var (adversarial, _) = DomainLoss(sourceFeatures, targetFeatures, flipped);
        var segmenterLoss = flipped ? segmentation.Total + alpha * adversarial : segmentation.Total - alpha * adversarial;
        segmenterLoss.backward();
        generatorOptimizer.step();
        SetRequiresGrad(DomainDiscriminator, true);
        return new StepLosses(dLoss, segmenterLoss, [("domain/accuracy", dAccuracy), .. Diagnostics(segmentation, adversarial)]);
    }

    /// <summary>Cross-entropy of D on source (label 1) and target (label 0) features (labels swapped when <paramref name="flipped"/>), and D's accuracy.</summary>
    private (Tensor Loss, Tensor Accuracy) DomainLoss(Tensor[] source, Tensor[] target, bool flipped = false)
    {
        // One call on both domains together: the discriminator's batch norm then sees one joint batch.
        int n = (int)source[0].shape[0];
        var logits = DomainDiscriminator.call(source.Zip(target, (a, b) => cat([a, b], 0)).ToArray());
        var s = logits.narrow(0, 0, n);
        var t = logits.narrow(0, n, logits.shape[0] - n);
        var (sourceLabel, targetLabel) = flipped ? (zeros_like(s), ones_like(t)) : (ones_like(s), zeros_like(t));
        var loss = 0.5 * (nn.functional.binary_cross_entropy_with_logits(s, sourceLabel)
                        + nn.functional.binary_cross_entropy_with_logits(t, targetLabel));
        var accuracy = cat([s.gt(0), t.le(0)]).to_type(ScalarType.Float32).mean().detach();
        return (loss, accuracy);
    }

    private (string, Tensor)[] Diagnostics((Tensor Total, Tensor CrossEntropy, Tensor Dice) segmentation, Tensor domainLoss) =>
    [
        ("loss/segmentation", segmentation.Total.detach()), ("loss/cross_entropy", segmentation.CrossEntropy.detach()),
        ("loss/dice", segmentation.Dice.detach()), ("loss/domain_for_segmenter", domainLoss.detach()), ("adversarial/alpha", tensor((float)alpha)),
    ];

    private static void SetRequiresGrad(nn.Module module, bool value)
    {
        foreach (var p in module.parameters()) p.requires_grad = value;
    }

    public nn.Module CreateGenerator() => new UNet2d(config.Model);

    public void Dispose()
    {
        NamedOptimizer.DisposeAll(optimizers);
        Segmenter.Dispose();
        DomainDiscriminator.Dispose();
    }
}
