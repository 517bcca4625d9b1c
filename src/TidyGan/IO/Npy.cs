using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.IO;

/// <summary>
/// NumPy .npy files (format versions 1.0, 2.0 and 3.0; numpy/lib/format.py) holding 2-D C-order
/// little-endian float32 or float64 matrices: feature matrices exchanged with numpy/scipy.
/// Layout: "\x93NUMPY", major, minor, header length (uint16 in v1, uint32 in v2/v3), an ASCII dict
/// {'descr': '&lt;f8', 'fortran_order': False, 'shape': (n, d), } padded with spaces and '\n' so the data
/// starts on a 64-byte boundary, then the raw values.
/// </summary>
public static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a 2-D '&lt;f4' or '&lt;f8' C-order matrix as doubles.</summary>
    public static double[,] ReadMatrix(string path)
    {
        var (values, rows, cols) = Read(path);
        var result = new double[rows, cols];
        Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(double));
        return result;
    }

    /// <summary>Reads a 2-D '&lt;f4' or '&lt;f8' C-order matrix as a float64 CPU tensor [n, d].</summary>
    public static Tensor ReadTensor(string path)
    {
        var (values, rows, cols) = Read(path);
        return torch.tensor(values, [rows, cols], ScalarType.Float64);
    }

    public static void Write(string path, double[,] matrix, NpyType type = NpyType.Float64)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int rows = matrix.GetLength(0), cols = matrix.GetLength(1);
        var flat = new double[rows * cols];
        Buffer.BlockCopy(matrix, 0, flat, 0, flat.Length * sizeof(double));
        Write(path, flat, rows, cols, type);
    }

    /// <summary>Writes a 2-D tensor (any floating dtype, any device) as '&lt;f4' or '&lt;f8', atomically.</summary>
    public static void Write(string path, Tensor matrix, NpyType type = NpyType.Float64)
    {
        if (matrix.dim() != 2) throw new ArgumentException($"Npy.Write: expected a 2-D tensor, got shape [{string.Join(", ", matrix.shape)}].");
        using var cpu = matrix.to(ScalarType.Float64).cpu().contiguous();
        Write(path, cpu.data<double>().ToArray(), (int)matrix.shape[0], (int)matrix.shape[1], type);
    }

    private static void Write(string path, double[] flat, int rows, int cols, NpyType type)
    {
        string descr = type == NpyType.Float32 ? "<f4" : "<f8";
        int size = type == NpyType.Float32 ? 4 : 8;
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({rows}, {cols}), }}";
        // Version 1.0 unless the header overflows its uint16 length; pad so the data is 64-byte aligned.
        int prefix = 10;
        int total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        byte major = 1;
        if (total - prefix > ushort.MaxValue)
        {
            prefix = 12;
            total = (prefix + dict.Length + 1 + 63) / 64 * 64;
            major = 2;
        }
        var header = Encoding.ASCII.GetBytes(dict.PadRight(total - prefix - 1) + "\n");
        var data = new byte[(long)flat.Length * size];
        for (int i = 0; i < flat.Length; i++)
        {
            if (size == 4) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), (float)flat[i]);
            else BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), flat[i]);
        }
        AtomicFile.Write(path, stream =>
        {
            stream.Write(Magic);
            stream.WriteByte(major);
            stream.WriteByte(0);
            Span<byte> length = stackalloc byte[4];
            if (major == 1) { BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length); stream.Write(length[..2]); }
            else { BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length); stream.Write(length); }
            stream.Write(header);
            stream.Write(data);
        });
    }

    /// <summary>
    /// Reads and checks the header before anything is allocated: a damaged file is a <see cref="UserException"/>
    /// naming it, whatever its header claims (negative or huge dimensions, lengths past the end).
    /// </summary>
    private static (double[] Values, int Rows, int Cols) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw Bad(path, "is not a .npy file (no \\x93NUMPY magic)");
        byte major = bytes[6];
        long headerLength;
        int start;
        switch (major)
        {
            case 1: headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)); start = 10; break;
            case 2 or 3 when bytes.Length >= 12: headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)); start = 12; break;
            case 2 or 3: throw Bad(path, "truncated .npy header");
            default: throw Bad(path, $"unsupported .npy format version {major}.{bytes[7]}");
        }
        if (start + headerLength > bytes.Length) throw Bad(path, $"truncated .npy header (it claims {headerLength} bytes, the file holds {bytes.Length - start})");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes, start, (int)headerLength);

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw Bad(path, $"cannot parse the .npy header {Printable(header.Trim())}");
        if (fortran.Groups[1].Value == "True")
            throw Bad(path, "fortran_order True is not supported; save a C-order array (np.ascontiguousarray)");
        int size = descr.Groups[1].Value switch
        {
            "<f4" => 4,
            "<f8" => 8,
            var other => throw Bad(path, $"dtype '{Printable(other)}' is not supported; only little-endian float32 '<f4' and float64 '<f8'"),
        };
        var parts = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var dims = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) || dims[i] > int.MaxValue)
                throw Bad(path, $"shape entry '{Printable(parts[i])}' is not a dimension (0 to {int.MaxValue})");
        if (dims.Length != 2)
            throw Bad(path, $"expected a 2-D matrix, got shape ({string.Join(", ", dims)})");
        long dataBytes = bytes.Length - (start + headerLength);
        // rows·cols·size compared without overflow: both dimensions are at most int.MaxValue.
        var needed = (Int128)dims[0] * dims[1] * size;
        if (needed != dataBytes)
            throw Bad(path, $"shape ({dims[0]}, {dims[1]}) needs {needed} data bytes, the file has {dataBytes}");
        long count = dims[0] * dims[1];
        var values = new double[count];
        var span = bytes.AsSpan((int)(start + headerLength));
        for (long i = 0; i < count; i++)
            values[i] = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(span[(int)(i * 4)..]) : BinaryPrimitives.ReadDoubleLittleEndian(span[(int)(i * 8)..]);
        return (values, (int)dims[0], (int)dims[1]);
    }

    private static UserException Bad(string path, string problem) => new($"'{path}': {problem}.");

    private static string Printable(string s) =>
        new(s.Take(200).Select(c => c is >= ' ' and < (char)127 ? c : '?').ToArray());

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
