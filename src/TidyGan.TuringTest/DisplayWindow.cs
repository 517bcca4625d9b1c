using System.Globalization;

namespace TidyGan.TuringTest;

/// <summary>
/// The physical range [Lower, Upper] shown as black…white in every image of a study (HU for CT). One window
/// for real and synthetic images alike, so brightness and contrast cannot tell them apart.
/// </summary>
public sealed record DisplayWindow(double Lower, double Upper)
{
    /// <summary>From "LEVEL,WIDTH" as CT viewers write it, e.g. "40,400" (soft tissue) or "0,2000".</summary>
    public static DisplayWindow Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double level)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double width)
            || !double.IsFinite(level) || !double.IsFinite(width) || width <= 0)
            throw new ArgumentException($"--window '{text}': expected LEVEL,WIDTH with a positive width, e.g. 40,400");
        return new DisplayWindow(level - width / 2, level + width / 2);
    }

    /// <summary>The default: CT at level 0 / width 2000 HU (air black, bone white, as TidyGan's grids), anything else its full range.</summary>
    public static DisplayWindow Default(string unit, double low, double high) =>
        unit == "HU" ? new DisplayWindow(-1000, 1000) : new DisplayWindow(Math.Min(low, high), Math.Max(low, high));

    public string LevelWidth => FormattableString.Invariant($"{(Lower + Upper) / 2:G6},{Upper - Lower:G6}");
}
