using TidyGan.Losses;
using TidyGan.Nn.Segmentation;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Segmentation;

/// <summary>
/// A segmenter for the one trainer, with or without Kamnitsas 2017's adversarial domain adaptation. The trainer's
/// "generator" is the U-Net, its "discriminator" the multi-connected domain discriminator; the source batch
/// carries per-pixel labels, the second-domain batch (<see cref="Batch.SecondDomain"/>) is the unlabelled target.
/// One step:
///   supervised only:  segmenter ← ∇ L_seg(source)                              (Dice + cross-entropy)
///   alternating:      D ← ∇ L_D(f(source) → 1, f(target) → 0) on detached features; then
///                     segmenter ← ∇ [L_seg(source) − α(t)·L_D] with D fixed (minimax, the paper's objective), or
///                     segmenter ← ∇ [L_seg(source) + α(t)·L_D(f(source) → 0, f(target) → 1)] (flipped labels, default)
///   gradient reversal: both at once: L_seg + L_D(GRL_α(f)), one backward pass.
/// </summary>
public sealed class AdversarialSegmentation : ISelfUpdatingGan, IStepScheduled
{
    public const string ModelKind = "segmentation";

    private readonly SegmentationConfig config;
    private double alpha;

    public AdversarialSegmentation(SegmentationConfig config)
    {
        config.Model.Validate();
        config.Adaptation?.Validate();
        this.config = config;
        Segmenter = new UNet2d(config.Model);
        DomainDiscriminator = new DomainDiscriminator(config.Model,
            config.Adaptation?.Layers ?? config.Model.LayerNames, config.Adaptation?.DiscriminatorWidth ?? 64);
    }

    public string Kind => ModelKind;
    public object Options => config;
    public SegmentationConfig Config => config;
    public UNet2d Segmenter { get; }
    public DomainDiscriminator DomainDiscriminator { get; }
    public nn.Module Generator => Segmenter;
    public nn.Module Discriminator => DomainDiscriminator;
    public int ClassCount => 0;

    /// <summary>The adversarial weight α of the current step.</summary>
    public double Alpha => alpha;

    public void OnStep(long step, long totalSteps) => alpha = config.Adaptation?.Weight(step) ?? 0;

    public (LossTerms Discriminator, LossTerms Generator) Update(Batch real, Generator random,
        optim.Optimizer discriminatorOptimizer, optim.Optimizer generatorOptimizer)
    {
        var labels = real.Labels ?? throw new InvalidOperationException("segmentation needs labelled source batches (per-pixel label maps)");
        var adaptation = config.Adaptation;
        if (adaptation is null)
        {
            generatorOptimizer.zero_grad();
            var (total, ce, dice) = DiceCrossEntropy.Loss(Segmenter.call(real.Images), labels);
            total.backward();
            generatorOptimizer.step();
            return (new LossTerms(zeros(1)), new LossTerms(total, ("loss/cross_entropy", ce.detach()), ("loss/dice", dice.detach())));
        }

        var target = real.SecondDomain?.Images ?? throw new InvalidOperationException("adaptation needs an unlabelled target batch (train with a second domain)");
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
            return (new LossTerms(domainLoss, ("domain/accuracy", accuracy)),
                    new LossTerms(segmentation.Total - alpha * domainLoss.detach(), Diagnostics(segmentation, domainLoss)));
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
        return (new LossTerms(dLoss, ("domain/accuracy", dAccuracy)), new LossTerms(segmenterLoss, Diagnostics(segmentation, adversarial)));
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

    /// <summary>Segmenters draw no sample grids (TrainerOptions.SampleGrids is off); the trainer still asks for a latent.</summary>
    public Tensor SampleLatent(int count, Generator random, Device device) => zeros([count, 1], device: device);

    public Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels) =>
        throw new NotSupportedException("a segmenter does not generate images; switch off sample grids");

    public LossTerms DiscriminatorStep(Batch real, Generator random) => throw new NotSupportedException("the trainer calls Update for segmenters");

    public LossTerms GeneratorStep(Batch real, Generator random) => throw new NotSupportedException("the trainer calls Update for segmenters");

    public void Dispose()
    {
        Segmenter.Dispose();
        DomainDiscriminator.Dispose();
    }
}
