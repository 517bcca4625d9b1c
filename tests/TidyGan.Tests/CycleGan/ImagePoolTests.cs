using TidyGan.Nn.CycleGan;
using static TorchSharp.torch;

namespace TidyGan.Tests.CycleGan;

public class ImagePoolTests
{
    private static Tensor Images(float first, int n) => arange(first, first + n).reshape(n, 1, 1, 1).expand(n, 1, 2, 2).contiguous();

    private static float[] Ids(Tensor images) => images[.., 0, 0, 0].data<float>().ToArray();

    [Fact]
    public void FillsFirstAndPassesTheNewImagesThrough()
    {
        using var scope = NewDisposeScope();
        using var pool = new ImagePool(4, 1, 2);
        using var random = new Generator(1);
        Assert.Equal([0f, 1f, 2f], Ids(pool.Query(Images(0, 3), random)));
        Assert.Equal(3, pool.Count);
        var out2 = Ids(pool.Query(Images(3, 1), random));
        Assert.Equal([3f], out2);
        Assert.Equal(4, pool.Count);
    }

    [Fact]
    public void OnceFullReturnsAStoredImageHalfTheTimeAndStoresTheNewOne()
    {
        using var scope = NewDisposeScope();
        const int size = 10, queries = 2000;
        using var pool = new ImagePool(size, 1, 2);
        using var random = new Generator(7);
        pool.Query(Images(0, size), random);
        var model = new HashSet<float>(Enumerable.Range(0, size).Select(i => (float)i));   // what the pool should hold
        int swapped = 0;
        for (int q = 0; q < queries; q++)
        {
            float id = size + q;
            float got = Ids(pool.Query(Images(id, 1), random))[0];
            if (got == id) continue;                 // passed through, pool unchanged
            swapped++;
            Assert.True(model.Remove(got), $"query {q} returned {got}, which was not in the pool");
            model.Add(id);                           // the new fake took the returned one's slot
        }
        // Binomial(2000, ½): mean 1000, sd ≈ 22; ±5 sd.
        Assert.InRange(swapped, 890, 1110);
        Assert.Equal(size, pool.Count);
        var stored = Ids(pool.state_dict()["images"]).ToHashSet();
        Assert.True(stored.SetEquals(model), "the pool's buffer holds exactly the fakes that were stored and not handed out");
    }

    [Fact]
    public void SizeZeroPassesEverythingThrough()
    {
        using var scope = NewDisposeScope();
        using var pool = new ImagePool(0, 1, 2);
        using var random = new Generator(1);
        for (int i = 0; i < 5; i++) Assert.Equal([i * 3f, i * 3 + 1f, i * 3 + 2f], Ids(pool.Query(Images(i * 3, 3), random)));
    }

    [Fact]
    public void SameSeedSameAnswersAndTheStateRoundTrips()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        using var a = new ImagePool(3, 1, 2);
        using var ra = new Generator(5);
        a.Query(Images(0, 3), ra);
        var file = Path.Combine(dir.Path, "pool.bin");
        a.save(file);
        using var state = ra.get_state();
        using var b = new ImagePool(3, 1, 2);
        b.load(file);
        using var rb = new Generator(99);
        rb.set_state(state);
        Assert.Equal(3, b.Count);
        for (int i = 0; i < 20; i++) Assert.Equal(Ids(a.Query(Images(10 + i, 1), ra)), Ids(b.Query(Images(10 + i, 1), rb)));
    }
}
