using System.Buffers.Binary;

namespace TidyGan.Data;

/// <summary>An IDX array (LeCun's MNIST format): unsigned bytes with a shape, e.g. [N, 28, 28] images or [N] labels.</summary>
public sealed record IdxArray(byte[] Data, int[] Shape)
{
    public int Count => Shape[0];
}

/// <summary>Reads IDX files (MNIST, Fashion-MNIST), gzipped or not. Only the unsigned-byte type (0x08) is used by those sets.</summary>
public static class IdxReader
{
    public static IdxArray Read(string path)
    {
        using var stream = DataStreams.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        if (DataStreams.ReadFully(stream, head, path) < 4) throw new DataFormatException(path, "magic", "missing: the file is truncated");
        if (head[0] != 0 || head[1] != 0)
            throw new DataFormatException(path, "magic", $"= {head[0]:x2} {head[1]:x2} {head[2]:x2} {head[3]:x2}: an IDX file starts with two zero bytes");
        if (head[2] != 0x08) throw new DataFormatException(path, "type", $"= 0x{head[2]:x2}: only unsigned bytes (0x08) are supported");
        int ndim = head[3];
        if (ndim is < 1 or > 4) throw new DataFormatException(path, "ndim", $"= {ndim}: must be 1..4");
        var dims = new byte[4 * ndim];
        if (DataStreams.ReadFully(stream, dims, path) < dims.Length) throw new DataFormatException(path, "dims", "truncated");
        var shape = new int[ndim];
        long count = 1;
        for (int i = 0; i < ndim; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(dims.AsSpan(4 * i));
            if (shape[i] <= 0) throw new DataFormatException(path, $"dim[{i}]", $"= {shape[i]}: dimensions must be positive");
            count *= shape[i];
            if (count > Array.MaxLength) throw new DataFormatException(path, $"dim[{i}]", $"= {shape[i]}: absurdly large");
        }
        var data = DataStreams.ReadExactlyChunked(stream, count, path, out long got)
            ?? throw new DataFormatException(path, "data", $"holds {got} bytes but the dimensions need {count}");
        return new IdxArray(data, shape);
    }
}
