using TorchSharp;

namespace TidyGan.Data;

/// <summary>One mini-batch of real data: images [N, C, H, W] in [-1, 1] and, for conditional GANs, labels [N]; for two-domain GANs also a batch of the other domain.</summary>
public sealed record Batch(torch.Tensor Images, torch.Tensor? Labels)
{
    /// <summary>An independently shuffled batch of a second, unpaired domain (Cycle-GAN's B), or null.</summary>
    public Batch? SecondDomain { get; init; }

    /// <summary>Images in the batch (N).</summary>
    public int Size => (int)Images.shape[0];
}
