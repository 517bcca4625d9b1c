using TidyGan.Data;
using TidyGan.Metrics;
using TorchSharp;

namespace TidyGan.TuringTest;

/// <summary>
/// Renders images for a study, every one the same way: grey (channels averaged), brought to the study's native
/// resolution (when given and the images are larger: bilinear with antialiasing, i.e. a triangle filter widened by the
/// reduction factor), then resized to Size×Size (bilinear; antialiased when shrinking), [−1, 1] → physical units → the
/// display window → 0–255, and encoded by <see cref="StudyPng"/>. Nothing of the source (name, size, bit depth,
/// metadata) survives.
/// </summary>
public static class StudyImageRenderer
{
    public static IReadOnlyList<byte[]> Render(LoadedImages images, int size, DisplayWindow window) => Render(images, size, window, null);

    /// <param name="native">The study's native resolution (<see cref="StudyResolution"/>): images of another side are first
    /// resized to it, so real slices carry no detail finer than the generator's pixels; null = straight to
    /// <paramref name="size"/>.</param>
    public static IReadOnlyList<byte[]> Render(LoadedImages images, int size, DisplayWindow window, int? native)
    {
        if (size is < 8 or > 2048) throw new ArgumentException($"--size {size}: expected 8…2048 pixels");
        using var scope = torch.NewDisposeScope();
        var x = images.Images.to_type(torch.ScalarType.Float32);
        if (x.dim() != 4) throw new ArgumentException($"{images.Description}: expected images [N, C, H, W], got [{string.Join(", ", x.shape)}]");
        x = x.mean([1], keepdim: true);
        if (native is int n && (x.shape[2] != n || x.shape[3] != n)) x = Resample.Resize(x, n, n, antialias: true);
        x = Resample.Resize(x, size, size, antialias: true);
        // [−1, 1] → physical (HU for CT) → window → [0, 255].
        var physical = x.clamp(-1, 1).add(1).mul(0.5 * (images.High - images.Low)).add(images.Low);
        var grey = physical.sub(window.Lower).div(window.Upper - window.Lower).clamp(0, 1).mul(255).round().to_type(torch.ScalarType.Byte);
        var bytes = grey.reshape(grey.shape[0], size * size).data<byte>().ToArray();
        var pngs = new byte[grey.shape[0]][];
        for (int i = 0; i < pngs.Length; i++) pngs[i] = StudyPng.EncodeGrey8(bytes.AsSpan(i * size * size, size * size), size, size);
        return pngs;
    }
}
