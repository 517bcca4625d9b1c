using System.Runtime.InteropServices;
using TidyGan.Data;
using TidyGan.IO;
using TidyGan.Losses;
using TidyGan.Tests.Training;
using TidyGan.Training;
using TorchSharp;
using Xunit.Abstractions;

namespace TidyGan.Tests.Data;

/// <summary>Slices on disk (a cohort in the slice cache): read batch by batch, with the next batch prefetched, the same numbers as in memory.</summary>
[Collection(GlobalRandomState.Name)]
public sealed class SliceFilesTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>The images of <paramref name="set"/> written as several slice files (as cache entries are, one per subject).</summary>
    private ImageSet OnDisk(ImageSet set, params int[] splits)
    {
        var parts = new List<SliceFiles>();
        int start = 0;
        foreach (int end in splits.Append(set.Count))
        {
            var path = Path.Combine(dir.Path, $"part{start}.f32");
            using var part = set.Images[start..end].contiguous();
            File.WriteAllBytes(path, MemoryMarshal.AsBytes(part.data<float>().ToArray().AsSpan()).ToArray());
            parts.Add(SliceFiles.Open(path, end - start, [set.Channels, set.Height, set.Width]));
            start = end;
        }
        return new ImageSet
        {
            Name = set.Name + " on disk",
            Files = SliceFiles.Concat(parts),
            Labels = set.Labels?.clone(),
            ClassNames = set.ClassNames,
            Intensity = set.Intensity,
        };
    }

    [Fact]
    public void GatherReadsTheSameSlicesAsMemoryAcrossFileBoundaries()
    {
        using var memory = TinyData.Images(40);
        using var disk = OnDisk(memory, 7, 8, 25);   // an empty file (7..8 is one slice; 8..8 would be empty) and uneven parts
        Assert.Equal(memory.Count, disk.Count);
        Assert.Null(typeof(ImageSet).GetField("images", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(disk));
        using var indices = torch.tensor(new long[] { 39, 0, 7, 8, 24, 25, 6, 6 });
        using var want = memory.Images.index_select(0, indices);
        using var got = disk.Gather(indices);
        Assert.True(want.equal(got).all().item<bool>());
        using var taken = OnDisk(memory, 10).Files!.Take(15);
        Assert.Equal(15, taken.Count);
        Assert.True(memory.Images[..15].equal(taken.ReadAll()).all().item<bool>());
        Assert.Throws<IndexOutOfRangeException>(() => taken.Gather([15]));
    }

    /// <summary>The trainer on a set on disk (prefetching, across epochs, with augmentation) ends with bit-identical weights.</summary>
    [Theory]
    [InlineData("dcgan")]
    [InlineData("cgan")]
    public void TrainingFromDiskMatchesTrainingFromMemoryBitForBit(string kind)
    {
        using var memory = TinyData.Images(40, kind == "cgan" ? 3 : 0);
        using var disk = OnDisk(memory, 13, 29);
        var options = TinyData.Options(7) with { Augmentation = new AugmentationOptions(), EmaDecay = 0.9 };   // 2 batches per epoch: 3 epochs
        using var a = TinyData.Gan(kind);
        using (var t = new Trainer(a, memory, TinyData.Describe(memory), options, Path.Combine(dir.Path, "memory"))) t.Run();
        using var b = TinyData.Gan(kind);
        using (var t = new Trainer(b, disk, TinyData.Describe(disk), options, Path.Combine(dir.Path, "disk"))) t.Run();
        foreach (var (name, tensor) in a.Generator.state_dict())
            Assert.True(tensor.equal(b.Generator.state_dict()[name]).all().item<bool>(), $"generator '{name}' differs");
        foreach (var (name, tensor) in a.Discriminator.state_dict())
            Assert.True(tensor.equal(b.Discriminator.state_dict()[name]).all().item<bool>(), $"discriminator '{name}' differs");
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.Path, "memory", "samples", "real.png")), File.ReadAllBytes(Path.Combine(dir.Path, "disk", "samples", "real.png")));
    }

    /// <summary>Prefetched batches are read on another thread: none may outlive its step.</summary>
    [Fact]
    public void LiveTensorsDoNotGrowWithStepsFromDisk()
    {
        using var memory = TinyData.Images(48);
        using var disk = OnDisk(memory, 20);
        using var gan = TinyData.Gan("dcgan");
        using var trainer = new Trainer(gan, disk, TinyData.Describe(disk), TinyData.Options(40) with { LogEvery = 5 }, dir.Path);
        var live = new Dictionary<long, long>();
        trainer.Progress += p => live[p.Step] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        trainer.Run();
        output.WriteLine(string.Join(" ", live.Select(kv => $"{kv.Key}:{kv.Value}")));
        Assert.Equal(live[10], live[35]);
    }

    [Fact]
    public void AFileShorterThanItsSlicesIsAClearError()
    {
        var path = Path.Combine(dir.Path, "short.f32");
        File.WriteAllBytes(path, new byte[4 * 28 * 28 * 3 - 4]);
        var e = Assert.Throws<DataFormatException>(() => SliceFiles.Open(path, 3, [1, 28, 28]));
        Assert.Contains("short.f32", e.Message);
    }
}
