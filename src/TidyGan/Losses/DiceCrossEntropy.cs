using static TorchSharp.torch;

namespace TidyGan.Losses;

/// <summary>
/// Segmentation loss: pixel-wise cross-entropy plus the soft Dice loss 1 − mean_c 2Σp·y / (Σp + Σy) over all
/// classes (probabilities p = softmax(logits), y one-hot, sums over the batch and pixels; Milletari 2016's
/// V-Net loss with squared terms dropped, as MONAI's DiceCELoss). Cross-entropy gives steady gradients early,
/// Dice keeps thin or small classes from being drowned by the background.
/// </summary>
public static class DiceCrossEntropy
{
    public const double Smooth = 1e-5;

    /// <summary>(total, cross-entropy, Dice loss) for logits [N, C, H, W] and integer labels [N, H, W].</summary>
    public static (Tensor Total, Tensor CrossEntropy, Tensor Dice) Loss(Tensor logits, Tensor labels)
    {
        int classes = (int)logits.shape[1];
        var crossEntropy = nn.functional.cross_entropy(logits, labels);
        var p = nn.functional.softmax(logits, 1);
        var y = nn.functional.one_hot(labels, classes).permute(0, 3, 1, 2).to_type(p.dtype);
        long[] dims = [0, 2, 3];
        var overlap = (p * y).sum(dims);
        var size = p.sum(dims) + y.sum(dims);
        var dice = 1 - ((2 * overlap + Smooth) / (size + Smooth)).mean();
        return (crossEntropy + dice, crossEntropy, dice);
    }
}
