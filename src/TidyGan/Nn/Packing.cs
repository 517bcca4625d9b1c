using static TorchSharp.torch;

namespace TidyGan.Nn;

/// <summary>
/// PacGAN's packing (Lin 2018): the discriminator sees m samples of the same kind at once,
/// concatenated feature-wise. Points [N·m, 2] → [N, 2m]: row i holds points i·m … i·m + m − 1.
/// </summary>
public static class Packing
{
    public static Tensor Pack(Tensor points, int m)
    {
        if (m < 1) throw new ArgumentException($"packing must be at least 1 (got {m})");
        if (points.dim() != 2 || points.shape[0] % m != 0)
            throw new ArgumentException($"cannot pack [{string.Join(", ", points.shape)}] into groups of {m}: need [N·{m}, d]");
        return m == 1 ? points : points.reshape(points.shape[0] / m, m * points.shape[1]);
    }
}
