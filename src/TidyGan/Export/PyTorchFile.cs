using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using TidyGan.IO;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>
/// PyTorch's <c>torch.save</c> file (the zip format of torch ≥ 1.6) holding a state_dict: <c>archive/data.pkl</c>, a
/// protocol-2 pickle of an <c>OrderedDict</c> whose values are <c>torch._utils._rebuild_tensor_v2</c> calls on
/// persistent storages; <c>archive/data/N</c>, each storage's raw little-endian bytes (64-byte aligned, uncompressed, as
/// torch writes them); <c>archive/version</c> ("3"). Reading goes through <see cref="RestrictedUnpickler"/>: tensors and
/// plain containers only, any other global refused by name (what torch's <c>weights_only=True</c> does).
/// </summary>
public static class PyTorchFile
{
    private const string Archive = "archive";

    /// <summary>torch storage classes by dtype (the pickle's storage globals).</summary>
    internal static readonly (ScalarType Type, string Storage)[] Storages =
    [
        (ScalarType.Float32, "FloatStorage"), (ScalarType.Float64, "DoubleStorage"), (ScalarType.Float16, "HalfStorage"),
        (ScalarType.BFloat16, "BFloat16Storage"), (ScalarType.Int64, "LongStorage"), (ScalarType.Int32, "IntStorage"),
        (ScalarType.Int16, "ShortStorage"), (ScalarType.Int8, "CharStorage"), (ScalarType.Byte, "ByteStorage"),
        (ScalarType.Bool, "BoolStorage"),
    ];

    /// <summary>Writes <paramref name="tensors"/> as torch.save(state_dict) would (one storage per tensor), atomically.</summary>
    public static void Write(string path, StateDict tensors)
    {
        var pickle = new PickleWriter();
        pickle.Proto(2);
        pickle.Global("collections", "OrderedDict");
        pickle.EmptyTuple();
        pickle.Reduce();
        pickle.Mark();
        var records = new List<(string Name, byte[] Data)>();
        int index = 0;
        foreach (var (name, t) in tensors.Entries)
        {
            var storage = Storages.FirstOrDefault(s => s.Type == t.dtype).Storage
                ?? throw new UserException($"'{name}': dtype {t.dtype} has no torch storage type");
            var key = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            pickle.Unicode(name);
            pickle.Global("torch._utils", "_rebuild_tensor_v2");
            pickle.Mark();
            {
                pickle.Mark();                                              // persistent id: ('storage', torch.XStorage, key, 'cpu', numel)
                pickle.Unicode("storage");
                pickle.Global("torch", storage);
                pickle.Unicode(key);
                pickle.Unicode("cpu");
                pickle.Int(t.NumberOfElements);
                pickle.Tuple();
                pickle.PersistentId();
                pickle.Int(0);                                              // storage offset
                pickle.IntTuple(t.shape);
                pickle.IntTuple(ContiguousStrides(t.shape));
                pickle.Bool(false);                                         // requires_grad
                pickle.Global("collections", "OrderedDict");                // backward hooks: OrderedDict()
                pickle.EmptyTuple();
                pickle.Reduce();
            }
            pickle.Tuple();
            pickle.Reduce();
            records.Add(($"{Archive}/data/{key}", StateDict.Bytes(t)));
            index++;
        }
        pickle.SetItems();
        pickle.Stop();

        using var stream = new MemoryStream();
        var zip = new StoredZipWriter(stream);
        zip.Add($"{Archive}/data.pkl", pickle.ToArray());
        zip.Add($"{Archive}/byteorder", Encoding.ASCII.GetBytes("little"));
        foreach (var (name, data) in records) zip.Add(name, data);
        zip.Add($"{Archive}/version", Encoding.ASCII.GetBytes("3\n"));
        zip.Finish();
        AtomicFile.WriteAllBytes(path, stream.ToArray());
    }

    /// <summary>
    /// Reads a state_dict saved by torch.save (zip format). Refuses, naming it, any pickle global other than
    /// collections.OrderedDict, torch._utils._rebuild_tensor_v2 / _rebuild_parameter, torch.Size and the torch storage
    /// types; refuses the legacy (pre-1.6, non-zip) format and anything that is not a flat name → tensor map.
    /// </summary>
    public static StateDict Read(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        if (file.Read(magic) < 4 || magic[0] != (byte)'P' || magic[1] != (byte)'K')
            throw new UserException($"{path}: not a zip-format torch.save file (the legacy pre-1.6 format is not read: re-save it with " +
                "torch.save(model.state_dict(), path) under torch ≥ 1.6)");
        file.Position = 0;
        // The zip's directory and entries are read lazily: damage found at any point is a UserException naming the file.
        try { return ReadArchive(path, file); }
        catch (InvalidDataException e) { throw new UserException($"{path}: not a readable zip file: {e.Message}"); }
    }

    private static StateDict ReadArchive(string path, FileStream file)
    {
        // torch.save stores records uncompressed; a record inflating far beyond the file is refused before it is read.
        long maxRecord = Math.Max(1L << 20, file.Length * 64);
        using (var zip = new ZipArchive(file, ZipArchiveMode.Read))
        {
            var pickleEntry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
                ?? throw new UserException($"{path}: no <archive>/data.pkl in the zip: not a torch.save file");
            var prefix = pickleEntry.FullName[..^"data.pkl".Length];
            byte[] Record(string name)
            {
                var entry = zip.GetEntry(prefix + name) ?? throw new UserException($"{path}: record '{prefix + name}' is missing");
                if (entry.Length > maxRecord || entry.Length > Array.MaxLength)
                    throw new UserException($"{path}: record '{entry.FullName}' claims {entry.Length} bytes, more than a {file.Length}-byte file can hold");
                using var s = entry.Open();
                var data = new byte[entry.Length];
                int got = s.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
                if (got < data.Length || s.ReadByte() >= 0)
                    throw new UserException($"{path}: record '{entry.FullName}' does not hold the {entry.Length} bytes its zip header states");
                return data;
            }
            object? root;
            var storages = new Dictionary<string, Tensor>();
            try
            {
                var unpickler = new RestrictedUnpickler(Record(pickleEntry.Name), (storage, key, numel) =>
                {
                    if (storages.TryGetValue(key, out var known)) return known;
                    var dtype = Storages.FirstOrDefault(s => s.Storage == storage).Type;
                    var data = Record("data/" + key);
                    var elementSize = (int)empty(0, dtype).ElementSize;
                    var t = StateDict.FromBytes(data, dtype, [data.Length / elementSize]);
                    storages[key] = t;
                    return t;
                });
                root = unpickler.Load();
            }
            catch (RestrictedUnpickler.RefusedException e) { throw new UserException($"{path}: refused: {e.Message}"); }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IndexOutOfRangeException or ArgumentException)
            {
                throw new UserException($"{path}: unreadable pickle: {e.Message}");
            }
            try
            {
                if (root is not RestrictedUnpickler.PickledDict dict)
                    throw new UserException($"{path}: holds a {RestrictedUnpickler.Describe(root)}, not a state_dict (a map of names to tensors); " +
                        "save model.state_dict(), not the model or a training checkpoint dict");
                var result = new StateDict();
                foreach (var (k, v) in dict.Items)
                {
                    if (k is not string name || v is not Tensor t)
                    {
                        result.Dispose();
                        throw new UserException($"{path}: entry {RestrictedUnpickler.Describe(k)} → {RestrictedUnpickler.Describe(v)} is not name → tensor: " +
                            "save model.state_dict() itself, not a dict that contains it");
                    }
                    result.Add(name, t);
                }
                return result;
            }
            finally
            {
                if (root is RestrictedUnpickler.PickledDict d)
                    foreach (var v in d.Items.Select(i => i.Value).OfType<Tensor>()) v.Dispose();
                foreach (var s in storages.Values) s.Dispose();
            }
        }
    }

    private static long[] ContiguousStrides(long[] shape)
    {
        var strides = new long[shape.Length];
        long s = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
        return strides;
    }

    /// <summary>The few pickle opcodes a state_dict needs (protocol 2), no memo.</summary>
    private sealed class PickleWriter
    {
        private readonly List<byte> s = [];
        public void Proto(byte v) { s.Add(0x80); s.Add(v); }
        public void Global(string module, string name) { s.Add((byte)'c'); s.AddRange(Encoding.ASCII.GetBytes($"{module}\n{name}\n")); }
        public void EmptyTuple() => s.Add((byte)')');
        public void Mark() => s.Add((byte)'(');
        public void Tuple() => s.Add((byte)'t');
        public void Reduce() => s.Add((byte)'R');
        public void PersistentId() => s.Add((byte)'Q');
        public void SetItems() => s.Add((byte)'u');
        public void Stop() => s.Add((byte)'.');
        public void Bool(bool v) => s.Add(v ? (byte)0x88 : (byte)0x89);

        public void Unicode(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            s.Add((byte)'X');
            var n = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(n, (uint)bytes.Length);
            s.AddRange(n);
            s.AddRange(bytes);
        }

        public void Int(long v)
        {
            if (v is >= int.MinValue and <= int.MaxValue)
            {
                s.Add((byte)'J');
                var b = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(b, (int)v);
                s.AddRange(b);
            }
            else
            {
                s.Add(0x8a);                                          // LONG1: 8 bytes, two's complement
                s.Add(8);
                var b = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(b, v);
                s.AddRange(b);
            }
        }

        public void IntTuple(long[] values)
        {
            Mark();
            foreach (var v in values) Int(v);
            Tuple();
        }

        public byte[] ToArray() => [.. s];
    }

    /// <summary>
    /// A zip of uncompressed entries whose data start at 64-byte boundaries (padding in the local header's extra field,
    /// as PyTorch's own writer does, so readers may map storages in place).
    /// </summary>
    private sealed class StoredZipWriter(Stream stream)
    {
        private readonly List<(string Name, uint Crc, long Size, long Offset, ushort Extra)> central = [];

        public void Add(string name, byte[] data)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            long offset = stream.Position;
            int extra = (int)((64 - (offset + 30 + nameBytes.Length + 4) % 64) % 64) + 4;   // id + size + padding
            uint crc = Crc32(data);
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(0x04034b50u); w.Write((ushort)20); w.Write((ushort)0); w.Write((ushort)0);   // stored
            w.Write((ushort)0); w.Write((ushort)0x21);                                           // time, date (1980-01-01)
            w.Write(crc); w.Write((uint)data.Length); w.Write((uint)data.Length);
            w.Write((ushort)nameBytes.Length); w.Write((ushort)extra);
            w.Write(nameBytes);
            w.Write((ushort)0x4246); w.Write((ushort)(extra - 4)); w.Write(new byte[extra - 4]); // "FB" padding, as torch
            w.Write(data);
            central.Add((name, crc, data.Length, offset, 0));
        }

        public void Finish()
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            long start = stream.Position;
            foreach (var (name, crc, size, offset, _) in central)
            {
                var nameBytes = Encoding.UTF8.GetBytes(name);
                w.Write(0x02014b50u); w.Write((ushort)20); w.Write((ushort)20); w.Write((ushort)0); w.Write((ushort)0);
                w.Write((ushort)0); w.Write((ushort)0x21);
                w.Write(crc); w.Write((uint)size); w.Write((uint)size);
                w.Write((ushort)nameBytes.Length); w.Write((ushort)0); w.Write((ushort)0);
                w.Write((ushort)0); w.Write((ushort)0); w.Write(0u); w.Write((uint)offset);
                w.Write(nameBytes);
            }
            long end = stream.Position;
            if (end > uint.MaxValue) throw new UserException("weights over 4 GiB need zip64, which this writer does not produce");
            w.Write(0x06054b50u); w.Write((ushort)0); w.Write((ushort)0);
            w.Write((ushort)central.Count); w.Write((ushort)central.Count);
            w.Write((uint)(end - start)); w.Write((uint)start); w.Write((ushort)0);
        }

        private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
        {
            uint c = (uint)n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            return c;
        }).ToArray();

        private static uint Crc32(byte[] data)
        {
            uint c = 0xFFFFFFFFu;
            foreach (var b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
            return c ^ 0xFFFFFFFFu;
        }
    }
}
