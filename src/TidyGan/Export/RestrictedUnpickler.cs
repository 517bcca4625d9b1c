using System.Buffers.Binary;
using System.Text;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>
/// A pickle reader that builds nothing but tensors and plain containers (the rule of torch's <c>weights_only=True</c>).
/// It never imports or calls anything: a GLOBAL other than <c>collections.OrderedDict</c>,
/// <c>torch._utils._rebuild_tensor_v2</c>, <c>torch._utils._rebuild_parameter</c>, <c>torch.Size</c> and the torch
/// storage types (<c>torch.FloatStorage</c>, …) is refused as soon as it is read, naming it; so are opcodes a
/// state_dict never contains (INST, OBJ, EXT, text PERSID, …). Values: string, long, double, bool, null, byte[],
/// <c>object?[]</c> (tuple), <c>List&lt;object?&gt;</c>, <see cref="PickledDict"/>, <see cref="Tensor"/>.
/// </summary>
public sealed class RestrictedUnpickler
{
    /// <summary>Supplies a storage: (storage class name, key, element count) → a 1-D tensor of its dtype.</summary>
    public delegate Tensor StorageLoader(string storageType, string key, long count);

    /// <summary>A pickled dict or OrderedDict, in order.</summary>
    public sealed class PickledDict
    {
        public List<KeyValuePair<object?, object?>> Items { get; } = [];
    }

    /// <summary>Something a state_dict pickle must not contain.</summary>
    public sealed class RefusedException(string message) : Exception(message);

    private sealed record Global(string Module, string Name)
    {
        public override string ToString() => $"{Module}.{Name}";
    }

    private static readonly HashSet<string> Allowed =
    [
        "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter", "torch.Size",
        .. PyTorchFile.Storages.Select(s => "torch." + s.Storage),
    ];

    private readonly byte[] data;
    private readonly StorageLoader storages;
    private readonly List<object?> stack = [];
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = [];
    private int at;

    public RestrictedUnpickler(byte[] pickle, StorageLoader storages)
    {
        data = pickle;
        this.storages = storages;
    }

    /// <summary>Reads the pickle up to STOP and returns its value.</summary>
    /// <exception cref="RefusedException">A global or opcode outside the allowed set; nothing was called.</exception>
    public object? Load()
    {
        while (true)
        {
            if (at >= data.Length) throw new InvalidDataException("the pickle ends without STOP");
            byte op = data[at++];
            switch (op)
            {
                case 0x80: at++; break;                                                     // PROTO
                case 0x95: at += 8; break;                                                  // FRAME
                case (byte)'.': return Pop();                                               // STOP
                case (byte)'(': marks.Push(stack.Count); break;                             // MARK
                case (byte)'0': Pop(); break;                                               // POP
                case (byte)'1': PopMark(); break;                                           // POP_MARK
                case (byte)'2': stack.Add(Peek()); break;                                   // DUP
                case (byte)'N': stack.Add(null); break;
                case 0x88: stack.Add(true); break;
                case 0x89: stack.Add(false); break;
                case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
                case (byte)'K': stack.Add((long)Take(1)[0]); break;
                case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                case 0x8a: stack.Add(Long(Take(Take(1)[0]))); break;                        // LONG1
                case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
                case (byte)'X': stack.Add(Encoding.UTF8.GetString(Take(Length(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))))); break;
                case 0x8c: stack.Add(Encoding.UTF8.GetString(Take(Take(1)[0]))); break;     // SHORT_BINUNICODE
                case 0x8d: stack.Add(Encoding.UTF8.GetString(Take(Length(BinaryPrimitives.ReadUInt64LittleEndian(Take(8)))))); break;
                case (byte)'T': stack.Add(Encoding.Latin1.GetString(Take(Length(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))))); break;
                case (byte)'U': stack.Add(Encoding.Latin1.GetString(Take(Take(1)[0]))); break;
                case (byte)'B': stack.Add(Take(Length(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))).ToArray()); break;
                case (byte)'C': stack.Add(Take(Take(1)[0]).ToArray()); break;
                case (byte)')': stack.Add(Array.Empty<object?>()); break;
                case (byte)'t': stack.Add(PopMark().ToArray()); break;
                case 0x85: { var a = Pop(); stack.Add(new[] { a }); break; }
                case 0x86: { var b = Pop(); var a = Pop(); stack.Add(new[] { a, b }); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); stack.Add(new[] { a, b, c }); break; }
                case (byte)']': stack.Add(new List<object?>()); break;
                case (byte)'l': stack.Add(PopMark()); break;
                case (byte)'a': { var v = Pop(); AsList(Peek()).Add(v); break; }
                case (byte)'e': { var items = PopMark(); AsList(Peek()).AddRange(items); break; }
                case (byte)'}': stack.Add(new PickledDict()); break;
                case (byte)'d': { var items = PopMark(); var d = new PickledDict(); AddPairs(d, items); stack.Add(d); break; }
                case (byte)'s': { var v = Pop(); var k = Pop(); AsDict(Peek()).Items.Add(new(k, v)); break; }
                case (byte)'u': { var items = PopMark(); AddPairs(AsDict(Peek()), items); break; }
                case (byte)'c': stack.Add(Check(new Global(Line(), Line()))); break;        // GLOBAL
                case 0x93: { var name = Pop() as string; var module = Pop() as string; stack.Add(Check(new Global(module ?? "?", name ?? "?"))); break; }
                case (byte)'R': { var args = Pop(); var callable = Pop(); stack.Add(Call(callable, args)); break; }
                case 0x81: { var args = Pop(); var cls = Pop(); stack.Add(New(cls, args)); break; }   // NEWOBJ
                case (byte)'b': { var state = Pop(); Build(Peek(), state); break; }
                case (byte)'Q': stack.Add(Persistent(Pop())); break;                         // BINPERSID
                case (byte)'q': memo[Take(1)[0]] = Peek(); break;
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Peek(); break;
                case 0x94: memo[memo.Count] = Peek(); break;                                  // MEMOIZE
                case (byte)'h': stack.Add(Memo(Take(1)[0])); break;
                case (byte)'j': stack.Add(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break;
                default:
                    throw new RefusedException($"pickle opcode 0x{op:x2} ('{(op is >= 32 and < 127 ? (char)op : '?')}') at byte {at - 1} " +
                        "is not one a state_dict of tensors uses; only tensors and plain containers are read (as torch.load(weights_only=True))");
            }
        }
    }

    /// <summary>A short description of a pickled value, for error messages.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        Tensor t => $"tensor {StateDict.Shape(t.shape)}",
        PickledDict => "dict",
        object?[] => "tuple",
        List<object?> => "list",
        _ => value.GetType().Name,
    };

    private static Global Check(Global g)
    {
        if (!Allowed.Contains(g.ToString()))
            throw new RefusedException($"the pickle asks for the global '{g}', which is not a tensor or plain container; TidyGan reads " +
                "only state_dicts of tensors (as torch.load(weights_only=True), which refuses it too) and called nothing");
        return g;
    }

    private object? Call(object? callable, object? args)
    {
        if (callable is not Global g) throw new RefusedException($"REDUCE on {Describe(callable)}, not an allowed global");
        var a = args as object?[] ?? throw new InvalidDataException($"{g}: arguments are not a tuple");
        switch (g.ToString())
        {
            case "collections.OrderedDict":
                if (a.Length == 0) return new PickledDict();
                throw new RefusedException("collections.OrderedDict called with arguments; only OrderedDict() is read");
            case "torch.Size":
                return a.Length == 1 && a[0] is object?[] dims ? dims : throw new InvalidDataException("torch.Size takes one tuple");
            case "torch._utils._rebuild_parameter":
                return a.Length >= 1 && a[0] is Tensor p ? p : throw new InvalidDataException("_rebuild_parameter without a tensor");
            case "torch._utils._rebuild_tensor_v2":
                return RebuildTensor(a);
            default:
                throw new RefusedException($"'{g}' cannot be called: it is a storage type, not a function");
        }
    }

    private static Tensor RebuildTensor(object?[] a)
    {
        if (a.Length < 4 || a[0] is not Tensor storage || a[1] is not long offset || a[2] is not object?[] size || a[3] is not object?[] stride)
            throw new InvalidDataException("_rebuild_tensor_v2 needs (storage, offset, size, stride, ...)");
        var shape = size.Select(d => d as long? ?? throw new InvalidDataException("a size is not an integer")).ToArray();
        var strides = stride.Select(d => d as long? ?? throw new InvalidDataException("a stride is not an integer")).ToArray();
        if (shape.Length != strides.Length || shape.Any(d => d < 0) || strides.Any(s => s < 0) || offset < 0)
            throw new InvalidDataException($"size {StateDict.Shape(shape)} and stride {StateDict.Shape(strides)} do not describe a tensor");
        long last = offset;                                        // the highest element the view reads must lie in the storage
        if (shape.All(d => d > 0))
            for (int i = 0; i < shape.Length; i++) last += (shape[i] - 1) * strides[i];
        if (shape.Any(d => d == 0)) return empty(shape, storage.dtype);
        if (last >= storage.shape[0])
            throw new InvalidDataException($"a tensor of size {StateDict.Shape(shape)} (stride {StateDict.Shape(strides)}, offset {offset}) reads past its storage of {storage.shape[0]} elements");
        using var view = storage.as_strided(shape, strides, offset);
        return view.clone();
    }

    private static object? New(object? cls, object? args)
    {
        if (cls is Global { Module: "collections", Name: "OrderedDict" }) return new PickledDict();
        throw new RefusedException($"NEWOBJ of {Describe(cls)}: only OrderedDict may be created");
    }

    private static void Build(object? target, object? state)
    {
        // torch pickles state_dict()'s `_metadata` attribute (module versions) as BUILD state on the OrderedDict: ignored.
        if (target is PickledDict) return;
        if (target is Tensor) return;                             // _rebuild_parameter's attribute state (none for state_dicts)
        throw new RefusedException($"BUILD on {Describe(target)}: only dicts and tensors are read");
    }

    private Tensor Persistent(object? pid)
    {
        if (pid is not object?[] { Length: >= 5 } t || t[0] is not "storage" || t[1] is not Global type || t[2] is not string key || t[4] is not long count)
            throw new RefusedException($"persistent id {Describe(pid)} is not ('storage', torch.XStorage, key, location, count)");
        if (type.Module != "torch" || !type.Name.EndsWith("Storage", StringComparison.Ordinal))
            throw new RefusedException($"persistent id names '{type}', not a torch storage type");
        return storages(type.Name, key, count);
    }

    private static void AddPairs(PickledDict d, List<object?> items)
    {
        if (items.Count % 2 != 0) throw new InvalidDataException("odd number of dict items");
        for (int i = 0; i < items.Count; i += 2) d.Items.Add(new(items[i], items[i + 1]));
    }

    private static List<object?> AsList(object? v) => v as List<object?> ?? throw new InvalidDataException($"APPEND to {Describe(v)}");
    private static PickledDict AsDict(object? v) => v as PickledDict ?? throw new InvalidDataException($"SETITEM on {Describe(v)}");

    private object? Memo(long key) => memo.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"memo key {key} unset");

    private static long Long(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 8) throw new InvalidDataException("integer wider than 64 bits");
        long v = 0;
        for (int i = bytes.Length - 1; i >= 0; i--) v = (v << 8) | bytes[i];
        if (bytes.Length is > 0 and < 8 && (bytes[^1] & 0x80) != 0) v -= 1L << (8 * bytes.Length);
        return v;
    }

    private string Line()
    {
        int end = Array.IndexOf(data, (byte)'\n', at);
        if (end < 0) throw new InvalidDataException("GLOBAL without a newline");
        var text = Encoding.ASCII.GetString(data, at, end - at);
        at = end + 1;
        return text;
    }

    /// <summary>A length read from the pickle, refused (not overflowed) when it cannot fit what is left.</summary>
    private int Length(ulong n) =>
        n > (ulong)(data.Length - at) ? throw new InvalidDataException($"a length of {n} bytes runs past the end of the pickle") : (int)n;

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || (long)at + n > data.Length) throw new InvalidDataException("the pickle ends early");
        var span = data.AsSpan(at, n);
        at += n;
        return span;
    }

    private object? Pop()
    {
        if (stack.Count == 0 || (marks.Count > 0 && marks.Peek() == stack.Count)) throw new InvalidDataException("pickle stack underflow");
        var v = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return v;
    }

    private object? Peek() => stack.Count > 0 ? stack[^1] : throw new InvalidDataException("pickle stack underflow");

    private List<object?> PopMark()
    {
        if (marks.Count == 0) throw new InvalidDataException("no MARK");
        int m = marks.Pop();
        var items = stack.GetRange(m, stack.Count - m);
        stack.RemoveRange(m, stack.Count - m);
        return items;
    }
}
