using System.Text.Json;

namespace TidyGan.TuringTest;

/// <summary>
/// The body of POST /r/{token}/answers, validated strictly: {"item": "&lt;16 hex&gt;", "call": "real"|"synthetic",
/// "confidence": 1…5, "seconds": ≥ 0}. Anything else (other fields, wrong types, out of range) is refused
/// with a message, before the store is touched.
/// </summary>
public sealed record AnswerRequest(string ItemId, bool CalledSynthetic, int Confidence, double Seconds)
{
    /// <summary>A day: no one looks at one image longer; more is a broken clock.</summary>
    public const double MaxSeconds = 86_400;

    public static AnswerRequest Parse(ReadOnlySpan<byte> body)
    {
        // JsonDocument checks the structure but decodes strings lazily: a lone surrogate or invalid UTF-8 inside one
        // surfaces as InvalidOperationException from GetString/Name, which must be a refusal, not a server error.
        try { return ParseDocument(body); }
        catch (InvalidOperationException e) { throw new FormatException($"body holds a string that is not valid UTF-8/UTF-16: {e.Message}"); }
    }

    private static AnswerRequest ParseDocument(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(body.ToArray()); }
        catch (JsonException e) { throw new FormatException($"body is not JSON: {e.Message}"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("body must be a JSON object");
            string? item = null, call = null;
            int? confidence = null;
            double? seconds = null;
            foreach (var p in root.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "item" when p.Value.ValueKind == JsonValueKind.String: item = p.Value.GetString(); break;
                    case "call" when p.Value.ValueKind == JsonValueKind.String: call = p.Value.GetString(); break;
                    case "confidence" when p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out int c): confidence = c; break;
                    case "seconds" when p.Value.ValueKind == JsonValueKind.Number: seconds = p.Value.GetDouble(); break;
                    case "item" or "call" or "confidence" or "seconds": throw new FormatException($"'{p.Name}' has the wrong type");
                    default: throw new FormatException($"unknown field '{p.Name}'");
                }
            }
            if (item is null || !StudyTokens.LooksLikeItemId(item)) throw new FormatException("'item' must be an item id (16 hex digits)");
            if (call is not ("real" or "synthetic")) throw new FormatException("'call' must be \"real\" or \"synthetic\"");
            if (confidence is not (>= 1 and <= 5)) throw new FormatException("'confidence' must be an integer from 1 to 5");
            if (seconds is not { } s || !double.IsFinite(s) || s < 0 || s > MaxSeconds) throw new FormatException($"'seconds' must be a number from 0 to {MaxSeconds}");
            return new AnswerRequest(item, call == "synthetic", confidence.Value, s);
        }
    }
}
