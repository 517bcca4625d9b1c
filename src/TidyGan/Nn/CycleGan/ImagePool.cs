using static TorchSharp.torch;

namespace TidyGan.Nn.CycleGan;

/// <summary>
/// History of generated images (Shrivastava 2017), as Cycle-GAN's reference ImagePool: until the pool is full
/// every fake is stored and passed through; afterwards each fake is, with probability ½, swapped for a random
/// stored one (which the discriminator then sees instead) and otherwise passed through. The pool lives in
/// buffers (images, count), so it is saved and restored with the discriminator's checkpoint, and draws from
/// the trainer's seeded generator, so a resumed run continues exactly.
/// </summary>
public sealed class ImagePool : nn.Module
{
    public ImagePool(int size, int channels, int imageSize) : base(nameof(ImagePool))
    {
        Size = size;
        register_buffer("images", zeros(Math.Max(size, 1), channels, imageSize, imageSize));
        register_buffer("count", zeros(1, dtype: int64));
    }

    public int Size { get; }

    /// <summary>Images stored so far (≤ <see cref="Size"/>).</summary>
    public long Count => get_buffer("count")!.item<long>();

    /// <summary>The batch the discriminator should see for <paramref name="fakes"/> [N, C, H, W] (detached).</summary>
    public Tensor Query(Tensor fakes, Generator random)
    {
        if (Size == 0) return fakes.detach();
        using var noGrad = no_grad();
        var stored = get_buffer("images")!;
        var count = get_buffer("count")!;
        long n = fakes.shape[0], filled = count.item<long>();
        var result = new List<Tensor>((int)n);
        for (long i = 0; i < n; i++)
        {
            var image = fakes[i].detach();
            if (filled < Size)
            {
                stored[filled].copy_(image);
                filled++;
                result.Add(image.clone());
            }
            else if (rand(1, generator: random).item<float>() > 0.5f)
            {
                long slot = randint(0, Size, [1], generator: random).item<long>();
                result.Add(stored[slot].clone());
                stored[slot].copy_(image);
            }
            else result.Add(image.clone());
        }
        count.fill_(filled);
        return stack(result, 0);
    }
}
