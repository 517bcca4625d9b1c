using TidyGan.Data.CtPhysics;
using static TorchSharp.torch;

namespace TidyGan.Tests.CtPhysics;

public sealed class LesionInsertionTests
{
    [Fact]
    public void Lesions_lie_inside_the_mask_with_their_contrast_and_size_and_are_reproducible()
    {
        const int n = 4, size = 96;
        const double spacing = 1.0;
        var grid = new CtImageGrid(size, size, spacing);
        var tissue = AnalyticProjectionTests.Disc(grid, 0, 0, 35);
        var hu = tissue.Select(t => t ? 40f : -1000f).ToArray();
        using var slices = tensor(hu).view(1, 1, size, size).expand(n, -1, -1, -1).contiguous();
        using var allowed = LesionInsertion.SoftTissueMask(slices);
        var options = new LesionOptions(DiametersMm: new[] { 4.0, 8.0 }, LesionsPerSlice: 3);

        using var result = LesionInsertion.Insert(slices, allowed, spacing, options, seed: 7);
        using var again = LesionInsertion.Insert(slices, allowed, spacing, options, seed: 7);
        Assert.Equal(n * 3, result.Lesions.Count);
        Assert.Equal(result.Lesions, again.Lesions);
        Assert.True(result.Images.eq(again.Images).all().item<bool>());

        var images = result.Images.data<float>().ToArray();
        var masks = result.Masks.data<float>().ToArray();
        foreach (var lesion in result.Lesions)
        {
            Assert.InRange(lesion.ContrastHu, 10, 40);
            Assert.Contains(lesion.RadiusMm, new[] { 2.0, 4.0 });
            int offset = lesion.Slice * size * size;
            int ci = (int)Math.Round(lesion.CentreRow), cj = (int)Math.Round(lesion.CentreColumn);
            Assert.True(tissue[ci * size + cj]);
            // Centre close to full contrast (the smooth edge takes a little off small lesions at an off-grid centre).
            Assert.InRange(images[offset + ci * size + cj] - 40, 0.8 * lesion.ContrastHu, 1.001 * lesion.ContrastHu);
        }
        // Mask area ≈ π R² per lesion; nothing changes outside the tissue.
        double expected = result.Lesions.Sum(l => Math.PI * l.RadiusMm * l.RadiusMm);
        Assert.InRange(masks.Sum(), 0.85 * expected, 1.15 * expected);
        for (int i = 0; i < images.Length; i++)
            if (!tissue[i % (size * size)]) Assert.Equal(-1000f, images[i]);
    }

    [Fact]
    public void A_mask_with_no_room_places_no_lesion()
    {
        using var slices = full(new long[] { 1, 1, 32, 32 }, -1000f);
        using var allowed = LesionInsertion.SoftTissueMask(slices);
        using var result = LesionInsertion.Insert(slices, allowed, 1.0, new LesionOptions(MaxTries: 20), seed: 1);
        Assert.Empty(result.Lesions);
        Assert.True(result.Images.eq(slices).all().item<bool>());
    }
}
