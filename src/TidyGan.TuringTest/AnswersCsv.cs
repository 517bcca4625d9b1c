using System.Globalization;
using System.Text;

namespace TidyGan.TuringTest;

/// <summary>The raw answers as CSV (one row per answer, in commit order): what a statistician re-analyses.</summary>
public static class AnswersCsv
{
    public const string HeaderLine = "rater,item,truth,call,correct,confidence,seconds,server_seconds,answered_utc";

    public static string Write(StudyStore store)
    {
        var b = new StringBuilder().Append(HeaderLine).Append('\n');
        foreach (var (a, at, server) in store.RawAnswers())
            b.Append(CultureInfo.InvariantCulture, $"{Quote(a.Rater)},{a.ItemId},{(a.IsSynthetic ? "synthetic" : "real")},{(a.CalledSynthetic ? "synthetic" : "real")},")
             .Append(CultureInfo.InvariantCulture, $"{(a.IsSynthetic == a.CalledSynthetic ? 1 : 0)},{a.Confidence},{a.Seconds:R},{(server is { } s ? s.ToString("R", CultureInfo.InvariantCulture) : "")},{at}\n");
        return b.ToString();
    }

    /// <summary>RFC 4180 quoting, and a leading quote mark against formula injection when opened in a spreadsheet.</summary>
    private static string Quote(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@') field = "'" + field;
        return field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}
