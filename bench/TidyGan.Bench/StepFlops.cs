using TidyGan.Nn;

namespace TidyGan.Bench;

/// <summary>
/// Floating-point work of one DC-GAN training step, from the layer shapes (2 FLOPs per multiply-add,
/// convolutions only; BatchNorm, activations and Adam are O(activations) and left out).
/// </summary>
internal static class StepFlops
{
    /// <summary>Forward FLOPs of the generator for one sample.</summary>
    public static double GeneratorForward(DcGanOptions o)
    {
        int b = o.BaseSize, k = o.Steps;
        double channels = o.GeneratorWidth << (k - 1);
        double macs = o.LatentDim * channels * b * b;            // 1×1 → b×b: every output pixel sees all of z
        double side = b;
        for (var i = 1; i <= k; i++)
        {
            var next = i < k ? channels / 2 : o.Channels;
            macs += side * side * channels * next * 16;          // transposed conv: each input pixel scatters Cout·4·4
            channels = next;
            side *= 2;
        }
        return 2 * macs;
    }

    /// <summary>Forward FLOPs of the discriminator for one sample.</summary>
    public static double DiscriminatorForward(DcGanOptions o)
    {
        int k = o.Steps;
        double side = o.ImageSize / 2, channels = o.DiscriminatorWidth;
        double macs = side * side * channels * o.Channels * 16;  // conv0: each output pixel reads Cin·4·4
        for (var i = 1; i < k; i++)
        {
            side /= 2;
            macs += side * side * (channels * 2) * channels * 16;
            channels *= 2;
        }
        macs += channels * o.BaseSize * o.BaseSize;              // b×b head to one logit
        return 2 * macs;
    }

    /// <summary>
    /// One step = 3·F_G + 9·F_D per sample times the batch: a backward pass costs about twice its forward
    /// (input and weight gradients), so fwd+bwd = 3× forward; the step runs G once (its output is reused by
    /// the G step), D three times with backward (real and detached fake in the D step, fake in the G step).
    /// </summary>
    public static double Step(DcGanOptions o, int batch) =>
        batch * (3 * GeneratorForward(o) + 9 * DiscriminatorForward(o));

    public const string Formula = "batch·(3·F_G + 9·F_D): G fwd+bwd once, D fwd+bwd on real, fake (D step) and fake (G step)";
}
