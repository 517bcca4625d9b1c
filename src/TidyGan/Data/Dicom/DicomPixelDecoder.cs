using System.Buffers.Binary;

namespace TidyGan.Data;

/// <summary>
/// Turns a file's Pixel Data into <see cref="DicomPixels"/>: native (any byte order, planar configuration 0 or 1,
/// uncompressed YBR_FULL_422 expanded) or RLE Lossless. Every size is checked against the bytes really present
/// before anything is allocated; other encapsulated syntaxes are refused with the command that decompresses them.
/// </summary>
public static class DicomPixelDecoder
{
    private const string Field = "PixelData (7FE0,0010)";
    private const long MaxBytes = int.MaxValue;

    public static DicomPixels Decode(DicomFile file)
    {
        var ds = file.Dataset;
        string path = file.Path;
        var ts = file.TransferSyntax;
        var pixelData = ds[DicomTag.PixelData] ?? throw new DataFormatException(path, Field, "is missing: the file holds no image");
        if (!ts.Decodable)
            throw new DataFormatException(path, "TransferSyntaxUID (0002,0010)",
                $"is {ts}, which TidyGan does not decode; decompress the file first with {ts.DecompressHint}, then read the output");
        int rows = Required(ds, DicomTag.Rows, 1, 65535), columns = Required(ds, DicomTag.Columns, 1, 65535);
        int bitsAllocated = Required(ds, DicomTag.BitsAllocated, 1, 64);
        if (bitsAllocated is not (1 or 8 or 16 or 32)) throw new DataFormatException(path, DicomDataset.Name(DicomTag.BitsAllocated), $"= {bitsAllocated}: TidyGan reads 1, 8, 16 or 32 bits allocated");
        int bitsStored = Optional(ds, DicomTag.BitsStored, 1, bitsAllocated) ?? bitsAllocated;
        int samples = Optional(ds, DicomTag.SamplesPerPixel, 1, 4) ?? 1;
        if (samples is not (1 or 3)) throw new DataFormatException(path, DicomDataset.Name(DicomTag.SamplesPerPixel), $"= {samples}: TidyGan reads 1 (grey) or 3 (colour)");
        int frames = Optional(ds, DicomTag.NumberOfFrames, 1, int.MaxValue) ?? 1;
        if (bitsAllocated == 1) return Unpack(file, rows, columns, frames, samples, pixelData);
        bool signed = (Optional(ds, DicomTag.PixelRepresentation, 0, 1) ?? 0) == 1;
        bool planar = samples == 3 && (Optional(ds, DicomTag.PlanarConfiguration, 0, 1) ?? 0) == 1;
        string photometric = ds.String(DicomTag.PhotometricInterpretation) ?? (samples == 1 ? "MONOCHROME2" : "RGB");
        int bytes = bitsAllocated / 8;
        long frameBytes = (long)rows * columns * samples * bytes;
        long total = frameBytes * frames;
        string sizes = $"Rows {rows} × Columns {columns} × NumberOfFrames {frames} × SamplesPerPixel {samples} × {bytes} bytes = {total} bytes";
        if (total > MaxBytes) throw new DataFormatException(path, Field, $"would need {sizes}, more than TidyGan reads from one file");

        if (ts.Rle)
        {
            var fragments = pixelData.Fragments ?? throw new DataFormatException(path, Field, "is not encapsulated although the transfer syntax is RLE Lossless");
            long available = fragments.Sum(f => (long)f.Length);
            // PackBits expands at most 64-fold (2 bytes → 128), so a size beyond that cannot be in the file.
            if (total > available * 64 + 1024) throw new DataFormatException(path, Field, $"holds {available} RLE bytes, too few for {sizes}");
            var native = new byte[total];
            var frameData = FramesOf(path, fragments, frames);
            for (int f = 0; f < frames; f++)
                DicomRle.DecodeFrame(path, frameData[f], rows * columns, samples, bytes, native.AsSpan((int)(f * frameBytes), (int)frameBytes));
            return new DicomPixels(rows, columns, frames, samples, photometric, bitsAllocated, bitsStored, signed, native);
        }

        if (pixelData.Fragments is not null) throw new DataFormatException(path, Field, $"is encapsulated although the transfer syntax is {ts}");
        var raw = pixelData.Value.Span;
        bool subsampled = samples == 3 && photometric is "YBR_FULL_422" or "YBR_PARTIAL_422";
        long stored = subsampled ? total * 2 / 3 : total;
        if (raw.Length < stored) throw new DataFormatException(path, Field, $"is {raw.Length} bytes, but {sizes}{(subsampled ? " (2/3 of it for 4:2:2)" : "")} are needed");
        var data = raw[..(int)stored].ToArray();
        if (ts.BigEndian && bytes > 1)
            for (int i = 0; i + bytes <= data.Length; i += bytes) data.AsSpan(i, bytes).Reverse();
        if (subsampled) data = Expand422(data, rows, columns, frames, bytes);
        else if (planar) data = Interleave(data, rows * columns, frames, bytes);
        return new DicomPixels(rows, columns, frames, samples, photometric, bitsAllocated, bitsStored, signed, data);
    }

    /// <summary>1 bit per sample (segmentations, overlays): bits packed least significant first, continuing across frames.</summary>
    private static DicomPixels Unpack(DicomFile file, int rows, int columns, int frames, int samples, DicomElement pixelData)
    {
        if (file.TransferSyntax.Encapsulated) throw new DataFormatException(file.Path, Field, "holds 1-bit pixels in an encapsulated syntax, which TidyGan does not decode");
        long count = (long)rows * columns * frames * samples;
        var raw = pixelData.Value.Span;
        if (count > MaxBytes || raw.Length < (count + 7) / 8)
            throw new DataFormatException(file.Path, Field, $"is {raw.Length} bytes, but Rows {rows} × Columns {columns} × NumberOfFrames {frames} × SamplesPerPixel {samples} bits need {(count + 7) / 8}");
        var bits = new byte[count];
        for (long i = 0; i < count; i++) bits[i] = (byte)(raw[(int)(i >> 3)] >> (int)(i & 7) & 1);
        return new DicomPixels(rows, columns, frames, samples, "MONOCHROME2", 8, 1, false, bits);
    }

    /// <summary>Planar (RRR…GGG…BBB…) → interleaved (RGBRGB…), frame by frame.</summary>
    private static byte[] Interleave(byte[] planar, int pixels, int frames, int bytes)
    {
        var r = new byte[planar.Length];
        for (int f = 0; f < frames; f++)
        {
            long frameStart = (long)f * pixels * 3 * bytes;
            for (int s = 0; s < 3; s++)
                for (int p = 0; p < pixels; p++)
                    Array.Copy(planar, frameStart + ((long)s * pixels + p) * bytes, r, frameStart + ((long)p * 3 + s) * bytes, bytes);
        }
        return r;
    }

    /// <summary>YBR 4:2:2 (Y1 Y2 Cb Cr per pixel pair) → full YBR (Y Cb Cr per pixel).</summary>
    private static byte[] Expand422(byte[] src, int rows, int columns, int frames, int bytes)
    {
        var r = new byte[(long)rows * columns * frames * 3 * bytes];
        long pixels = (long)rows * columns * frames;
        for (long pair = 0; pair * 2 < pixels; pair++)
        {
            long s = pair * 4 * bytes;
            for (int k = 0; k < 2 && pair * 2 + k < pixels; k++)
            {
                long d = (pair * 2 + k) * 3 * bytes;
                Array.Copy(src, s + k * bytes, r, d, bytes);
                Array.Copy(src, s + 2 * bytes, r, d + bytes, bytes);
                Array.Copy(src, s + 3 * bytes, r, d + 2 * bytes, bytes);
            }
        }
        return r;
    }

    /// <summary>Splits encapsulated fragments into frames: by the basic offset table, one fragment per frame, or all in one.</summary>
    private static byte[][] FramesOf(string path, IReadOnlyList<ReadOnlyMemory<byte>> fragments, int frames)
    {
        if (fragments.Count < 2) throw new DataFormatException(path, Field, "holds no fragment after the basic offset table");
        var table = fragments[0].Span;
        var data = fragments.Skip(1).ToList();
        if (table.Length >= 4 * frames && frames > 1)
        {
            var offsets = new long[frames];
            for (int f = 0; f < frames; f++) offsets[f] = BinaryPrimitives.ReadUInt32LittleEndian(table[(4 * f)..]);
            var result = new List<byte>[frames];
            for (int f = 0; f < frames; f++) result[f] = [];
            long at = 0;
            foreach (var fragment in data)
            {
                int f = Array.FindLastIndex(offsets, o => o <= at);
                if (f < 0) throw new DataFormatException(path, Field, "basic offset table does not start at the first fragment");
                result[f].AddRange(fragment.ToArray());
                at += 8 + fragment.Length;
            }
            return result.Select(l => l.ToArray()).ToArray();
        }
        if (frames == 1) return [data.SelectMany(d => d.ToArray()).ToArray()];
        if (data.Count == frames) return data.Select(d => d.ToArray()).ToArray();
        throw new DataFormatException(path, Field, $"has {data.Count} fragments and no offset table for {frames} frames");
    }

    private static int Required(DicomDataset ds, uint tag, int min, int max) =>
        Optional(ds, tag, min, max) ?? throw new DataFormatException(ds.File, DicomDataset.Name(tag), "is missing; an image needs it");

    private static int? Optional(DicomDataset ds, uint tag, int min, int max)
    {
        var v = ds.Integer(tag);
        if (v is null) return null;
        if (v < min || v > max) throw new DataFormatException(ds.File, DicomDataset.Name(tag), $"= {v}: must be in {min}..{max}");
        return (int)v;
    }
}
