namespace TidyGan.Gans;

/// <summary>How the segmenter is pushed towards domain-invariant features.</summary>
public enum AdversarialUpdate
{
    /// <summary>Per step: update D on detached features, then the segmenter on L_seg − α·L_D with D fixed (the default).</summary>
    Alternating,

    /// <summary>One backward pass through a gradient-reversal layer (Ganin 2015) updates both players at once.</summary>
    GradientReversal,
}

/// <summary>What the segmenter minimises against the domain discriminator.</summary>
public enum SegmenterObjective
{
    /// <summary>The paper's −α·L_D (maximise D's own cross-entropy; what a gradient-reversal layer computes). Its gradient
    /// vanishes once D is confident, which is what happened on these data (docs/domain-adaptation.md).</summary>
    Minimax,

    /// <summary>+α·L_D with the domain labels flipped (Goodfellow's non-saturating trick, as in ADDA and AdaptSegNet):
    /// the same fixed point, strong gradients when D is confident. The default.</summary>
    Flipped,
}

/// <summary>
/// Unsupervised adversarial domain adaptation (Kamnitsas 2017). The segmenter minimises L_seg − α(t)·L_D (paper) or
/// L_seg + α(t)·L_D(flipped labels) (<see cref="Objective"/>), where L_D is the domain discriminator's cross-entropy on
/// source vs target features; α(t) ramps linearly from 0 at step
/// <see cref="RampStart"/> to <see cref="Alpha"/> at <see cref="RampEnd"/> (the paper ramps over epochs e1 → e2 so the
/// segmenter first learns its task and D first learns to tell the domains apart). <see cref="Layers"/> are the
/// U-Net feature maps the multi-connected discriminator reads.
/// </summary>
public sealed record AdaptationOptions(IReadOnlyList<string> Layers, double Alpha = 0.1, long RampStart = 100, long RampEnd = 400,
    AdversarialUpdate Update = AdversarialUpdate.Alternating, int DiscriminatorWidth = 64, SegmenterObjective Objective = SegmenterObjective.Flipped)
{

    /// <summary>α at a step: 0 before the ramp, linear during it, <see cref="Alpha"/> after.</summary>
    public double Weight(long step)
    {
        if (step <= RampStart) return 0;
        if (step >= RampEnd) return Alpha;
        return Alpha * (step - RampStart) / (double)(RampEnd - RampStart);
    }

    public void Validate()
    {
        if (!(Alpha >= 0)) throw new ArgumentException($"--alpha must be ≥ 0 (got {Alpha})");
        if (RampStart < 0 || RampEnd < RampStart) throw new ArgumentException($"the ramp needs 0 ≤ --ramp-start ≤ --ramp-end (got {RampStart}, {RampEnd})");
        if (Update == AdversarialUpdate.GradientReversal && Objective != SegmenterObjective.Minimax)
            throw new ArgumentException("--mode grl computes the minimax objective by construction; use it with --objective minimax");
    }
}
