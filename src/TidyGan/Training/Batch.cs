using TorchSharp;

namespace TidyGan.Training;

/// <summary>One mini-batch of real data: images [N, C, H, W] in [-1, 1] and, for conditional GANs, labels [N].</summary>
public sealed record Batch(torch.Tensor Images, torch.Tensor? Labels)
{
    public int Size => (int)Images.shape[0];
}
