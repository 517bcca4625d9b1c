using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TidyGan.Experiments;

/// <summary>
/// The identity of one arm (one trained model / scored run of a study): SHA-256 (hex) of
/// {"configuration": …, "data": …} serialised canonically — System.Text.Json with enums as strings, NaN/∞ as
/// strings, every object's properties sorted ordinally, no whitespace. The configuration is the arm's resolved
/// options record (everything that changes what it computes, including the keys of arms it reads from); the data is
/// a <see cref="DataIdentity"/>. Two arms with the same key compute the same thing; any changed field changes it.
/// </summary>
public sealed record ArmKey(string Hash, JsonObject Configuration, JsonObject Data)
{
    private static readonly JsonSerializerOptions Serializer = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static ArmKey Of(object configuration, DataIdentity data) =>
        Of(JsonSerializer.SerializeToNode(configuration, configuration.GetType(), Serializer) as JsonObject
           ?? throw new ArgumentException("an arm's configuration must serialise to a JSON object", nameof(configuration)), data.ToJson());

    /// <summary>A configuration read back from its JSON (the inverse of <see cref="Of(object, DataIdentity)"/>), checked to
    /// serialise to the same JSON again, so that what runs is exactly what was keyed.</summary>
    public static T Read<T>(JsonObject configuration) where T : class
    {
        var value = configuration.Deserialize<T>(Serializer) ?? throw new ArgumentException($"an empty {typeof(T).Name} configuration");
        var again = Canonical(JsonSerializer.SerializeToNode(value, Serializer))!.ToJsonString();
        if (again != Canonical(configuration)!.ToJsonString())
            throw new InvalidDataException($"the {typeof(T).Name} configuration does not read back to itself (written by another version?): {configuration.ToJsonString()}");
        return value;
    }

    public static ArmKey Of(JsonObject configuration, JsonObject data)
    {
        var c = (JsonObject)Canonical(configuration)!;
        var d = (JsonObject)Canonical(data)!;
        var text = new JsonObject { ["configuration"] = Canonical(c), ["data"] = Canonical(d) }.ToJsonString();
        return new ArmKey(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), c, d);
    }

    /// <summary>A deep copy with every object's properties in ordinal order.</summary>
    public static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    /// <summary>
    /// The fields that differ between a stored arm and this one, as "configuration.adaptation.alpha: 0.1 → 0.2"
    /// (dotted paths, [i] for array items; "(absent)" for a field only one side has).
    /// </summary>
    public IReadOnlyList<string> Differences(JsonObject storedConfiguration, JsonObject storedData)
    {
        var result = new List<string>();
        Compare("configuration", storedConfiguration, Configuration, result);
        Compare("data", storedData, Data, result);
        return result;
    }

    private static void Compare(string path, JsonNode? before, JsonNode? after, List<string> result)
    {
        if (before is JsonObject a && after is JsonObject b)
        {
            foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
            {
                bool inA = a.ContainsKey(key), inB = b.ContainsKey(key);
                if (inA && inB) Compare($"{path}.{key}", a[key], b[key], result);
                else result.Add($"{path}.{key}: {(inA ? Text(a[key]) : "(absent)")} → {(inB ? Text(b[key]) : "(absent)")}");
            }
        }
        else if (before is JsonArray x && after is JsonArray y && x.Count == y.Count)
        {
            for (int i = 0; i < x.Count; i++) Compare($"{path}[{i}]", x[i], y[i], result);
        }
        else if (Full(before) != Full(after)) result.Add($"{path}: {Text(before)} → {Text(after)}");
    }

    private static string Full(JsonNode? node) => node is null ? "null" : Canonical(node)!.ToJsonString();

    private static string Text(JsonNode? node)
    {
        var s = Full(node);
        return s.Length > 80 ? s[..77] + "…" : s;
    }
}
