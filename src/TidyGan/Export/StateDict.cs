using TidyGan.IO;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>
/// An ordered name → tensor map, as PyTorch's <c>state_dict()</c> (CPU, contiguous tensors). The unit both weight
/// formats (<see cref="SafeTensorsFile"/>, <see cref="PyTorchFile"/>) read and write.
/// </summary>
public sealed class StateDict : IDisposable
{
    private readonly List<KeyValuePair<string, Tensor>> entries = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);

    public IReadOnlyList<KeyValuePair<string, Tensor>> Entries => entries;
    public int Count => entries.Count;
    public IEnumerable<string> Keys => entries.Select(e => e.Key);

    /// <summary>Adds a copy of <paramref name="value"/> (CPU, contiguous, detached).</summary>
    public void Add(string name, Tensor value)
    {
        if (!names.Add(name)) throw new UserException($"state_dict key '{name}' appears twice");
        entries.Add(new(name, value.detach().cpu().contiguous().clone()));
    }

    public bool TryGet(string name, out Tensor value)
    {
        foreach (var e in entries)
            if (e.Key == name) { value = e.Value; return true; }
        value = null!;
        return false;
    }

    public void Dispose()
    {
        foreach (var e in entries) e.Value.Dispose();
        entries.Clear();
        names.Clear();
    }

    /// <summary>The raw little-endian bytes of a contiguous CPU tensor.</summary>
    internal static byte[] Bytes(Tensor t)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("weight files are little-endian; this machine is not");
        return t.contiguous().bytes.ToArray();
    }

    /// <summary>A tensor of <paramref name="shape"/> and <paramref name="dtype"/> holding <paramref name="data"/> (little-endian).</summary>
    internal static Tensor FromBytes(ReadOnlySpan<byte> data, ScalarType dtype, long[] shape)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("weight files are little-endian; this machine is not");
        // Checked before allocating: a header claiming 2^40 elements must not reserve them.
        using (var probe = empty(0, dtype))
        {
            Int128 needed = probe.ElementSize;
            foreach (long d in shape)
                needed = needed < 0 || d < 0 ? -1 : Int128.Min(needed * d, long.MaxValue);
            if (needed != data.Length)
                throw new InvalidDataException($"{data.Length} bytes do not hold a {dtype} tensor of shape [{string.Join(", ", shape)}]");
        }
        var t = empty(shape, dtype);
        if (data.Length > 0) data.CopyTo(t.bytes);
        return t;
    }

    internal static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";
}
