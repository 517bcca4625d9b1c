using System.Globalization;
using System.Text.Json.Nodes;

namespace TidyGan.Experiments;

/// <summary>
/// The one mean ± sd of the studies: the mean and the sample standard deviation (n − 1) of a score over seeds.
/// Non-finite values (a missing or undefined score) are left out and not counted in <see cref="N"/>.
/// The n = 1 rule: with one value the sd is undefined, so <see cref="Sd"/> is null — shown as "(n = 1)" in tables and
/// written as null in JSON, never as 0 or NaN. With no value the mean is NaN, shown as "—" and written as null.
/// </summary>
public sealed record MeanSd(double Mean, double? Sd, int N)
{
    public static MeanSd Empty { get; } = new(double.NaN, null, 0);

    public static MeanSd Of(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) return Empty;
        double mean = v.Average();
        double? sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : null;
        return new MeanSd(mean, sd, v.Length);
    }

    /// <summary>
    /// "0.844 ± 0.032" with <paramref name="number"/> a .NET number format ("0.000", "F1"); both values multiplied by
    /// <paramref name="scale"/> first (100: percentage points); <paramref name="signed"/> writes "+1.2"/"−1.2".
    /// One value: "0.844 (n = 1)"; none: "—".
    /// </summary>
    public string Format(string number, double scale = 1, bool signed = false)
    {
        if (N == 0) return "—";
        double m = scale * Mean;
        string mean = signed ? (m >= 0 ? "+" : "−") + Math.Abs(m).ToString(number, CultureInfo.InvariantCulture) : m.ToString(number, CultureInfo.InvariantCulture);
        return Sd is { } sd ? $"{mean} ± {(scale * sd).ToString(number, CultureInfo.InvariantCulture)}" : $"{mean} (n = 1)";
    }

    /// <summary>{"mean": …, "sd": … or null, "n": …}; a NaN mean (no values) is null.</summary>
    public JsonObject ToJson() => new()
    {
        ["mean"] = double.IsFinite(Mean) ? Mean : null,
        ["sd"] = Sd,
        ["n"] = N,
    };
}
