using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using TorchSharp;

namespace TidyGan.Data;

/// <summary>
/// Slices that stay on disk: one or more files of little-endian float32 slices [n, C, H, W] (the <see cref="SliceCache"/>'s
/// entries), read on demand with positional reads. The bytes go through the OS page cache, not the process's memory, so
/// a cohort of any size trains with the resident memory of one batch (a mapped file would count its touched pages as the
/// process's own). Reads are thread-safe (<see cref="RandomAccess"/>), which is what lets the batch sampler prefetch the
/// next batch on a background thread.
/// </summary>
public sealed class SliceFiles : IDisposable
{
    private readonly (SafeFileHandle Handle, string Path, long Start)[] files;
    private readonly long[] starts;              // global index of each file's first slice, plus the total at the end
    private readonly int sliceFloats;
    private readonly bool ownsHandles;

    private SliceFiles((SafeFileHandle, string, long)[] files, long[] starts, long[] sliceShape, bool ownsHandles)
    {
        this.files = files;
        this.starts = starts;
        SliceShape = sliceShape;
        sliceFloats = checked((int)(sliceShape[0] * sliceShape[1] * sliceShape[2]));
        this.ownsHandles = ownsHandles;
    }

    /// <summary>One file of <paramref name="count"/> slices of shape <paramref name="sliceShape"/> [C, H, W].</summary>
    public static SliceFiles Open(string path, long count, long[] sliceShape)
    {
        if (sliceShape.Length != 3) throw new ArgumentException("slice shape must be [C, H, W]", nameof(sliceShape));
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long need = count * sliceShape[0] * sliceShape[1] * sliceShape[2] * sizeof(float), have = RandomAccess.GetLength(handle);
        if (have < need)
        {
            handle.Dispose();
            throw new DataFormatException(path, "data", $"holds {have} bytes, {need} expected");
        }
        return new SliceFiles([(handle, path, 0)], [0, count], sliceShape, ownsHandles: true);
    }

    /// <summary>The slices of all <paramref name="parts"/> in order, as one set (takes over their files).</summary>
    public static SliceFiles Concat(IReadOnlyList<SliceFiles> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("nothing to concatenate", nameof(parts));
        var shape = parts[0].SliceShape;
        if (parts.Any(p => !p.SliceShape.SequenceEqual(shape)))
            throw new ArgumentException($"slices of different shapes: {string.Join(", ", parts.Select(p => string.Join("×", p.SliceShape)).Distinct())}");
        var all = new List<(SafeFileHandle, string, long)>();
        var starts = new List<long> { 0 };
        foreach (var p in parts)
            for (int f = 0; f < p.files.Length; f++)
            {
                all.Add(p.files[f]);
                starts.Add(starts[^1] + p.starts[f + 1] - p.starts[f]);
            }
        foreach (var p in parts) p.handedOver = true;
        return new SliceFiles([.. all], [.. starts], shape, ownsHandles: true);
    }

    private bool handedOver;

    /// <summary>[C, H, W].</summary>
    public long[] SliceShape { get; }

    public long Count => starts[^1];

    /// <summary>The first <paramref name="count"/> slices; consumes this set (its files now belong to the result).</summary>
    public SliceFiles Take(long count)
    {
        if (count >= Count) return this;
        var kept = new List<(SafeFileHandle, string, long)>();
        var keptStarts = new List<long> { 0 };
        for (int f = 0; f < files.Length; f++)
        {
            if (keptStarts[^1] < count)
            {
                kept.Add(files[f]);
                keptStarts.Add(Math.Min(count, starts[f + 1]));
            }
            else if (ownsHandles && !handedOver) files[f].Handle.Dispose();
        }
        var result = new SliceFiles([.. kept], [.. keptStarts], SliceShape, ownsHandles: ownsHandles && !handedOver);
        handedOver = true;
        return result;
    }

    /// <summary>Slices at <paramref name="indices"/> as float32 [n, C, H, W] (CPU), in that order.</summary>
    public torch.Tensor Gather(ReadOnlySpan<long> indices)
    {
        var result = torch.empty([indices.Length, .. SliceShape], torch.ScalarType.Float32);
        try
        {
            Read(indices, MemoryMarshal.Cast<byte, float>(result.bytes));   // straight into the tensor's memory
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>Floats in one slice (C·H·W).</summary>
    public int SliceLength => sliceFloats;

    /// <summary>Reads the slices at <paramref name="indices"/> one after another into <paramref name="destination"/>
    /// (at least indices.Length · <see cref="SliceLength"/> floats). Touches no tensor, so any thread may call it.</summary>
    public void Read(ReadOnlySpan<long> indices, Span<float> destination)
    {
        for (int i = 0; i < indices.Length; i++) Read(indices[i], destination.Slice(i * sliceFloats, sliceFloats));
    }

    /// <summary>Every slice in memory as one tensor [Count, C, H, W].</summary>
    public torch.Tensor ReadAll()
    {
        var all = new long[Count];
        for (long i = 0; i < all.Length; i++) all[i] = i;
        return Gather(all);
    }

    private void Read(long index, Span<float> destination)
    {
        if (index < 0 || index >= Count) throw new IndexOutOfRangeException($"slice {index} of {Count}");
        int f = Array.BinarySearch(starts, index);
        if (f < 0) f = ~f - 1;
        while (f + 1 < starts.Length - 1 && starts[f + 1] == index) f++;   // skip empty files
        var (handle, path, start) = files[f];
        long offset = (start + index - starts[f]) * sliceFloats * sizeof(float);
        var bytes = MemoryMarshal.AsBytes(destination);
        int done = 0;
        while (done < bytes.Length)
        {
            int n = RandomAccess.Read(handle, bytes[done..], offset + done);
            if (n == 0) throw new DataFormatException(path, "data", $"ends before slice {index - starts[f]} (file shrank after it was checked)");
            done += n;
        }
    }

    public void Dispose()
    {
        if (!ownsHandles || handedOver) return;
        foreach (var (handle, _, _) in files) handle.Dispose();
    }
}
