using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Tests.Modes;

/// <summary>PacGAN's packing: m consecutive points become one row of D's input.</summary>
public class PackingTests
{
    [Fact]
    public void PackTwoPutsConsecutivePointsInOneRow()
    {
        using var points = arange(12, dtype: float32).reshape(6, 2);    // point i = (2i, 2i + 1)
        using var packed = Packing.Pack(points, 2);
        Assert.Equal([3L, 4L], packed.shape);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, packed.data<float>().ToArray());
        Assert.Equal(new float[] { 4, 5, 6, 7 }, packed[1].data<float>().ToArray());   // points 2 and 3
    }

    [Fact]
    public void PackFourAndOne()
    {
        using var points = randn(8, 2);
        using var four = Packing.Pack(points, 4);
        Assert.Equal([2L, 8L], four.shape);
        Assert.True(four[1].narrow(0, 2, 2).eq(points[5]).all().item<bool>());   // row 1 holds points 4..7; slot 1 is point 5
        Assert.Same(points, Packing.Pack(points, 1));
    }

    [Fact]
    public void BatchesThatDoNotDivideAreRejected()
    {
        using var points = randn(6, 2);
        Assert.Contains("groups of 4", Assert.Throws<ArgumentException>(() => Packing.Pack(points, 4)).Message);
    }

    [Fact]
    public void PackedDiscriminatorTakesTwoMValuesPerRow()
    {
        using var d = new MaxoutDiscriminator(new PointGanOptions { Packing = 4, DiscriminatorWidth = 8 });
        using var points = randn(12, 2);
        using var logits = d.call(Packing.Pack(points, 4));
        Assert.Equal([3L], logits.shape);
    }
}
