using System.Diagnostics;
using System.Reflection;
using SkiaSharp;

namespace TidyGan.Reports;

/// <summary>
/// The one font every report draws text with. SkiaSharp's NoDependencies native build sees no system
/// fonts, so ScottPlot would silently draw no text (DESIGN.md, "invisible plot text"). DejaVu Sans
/// (Bitstream Vera licence, see Assets/DejaVuSans.LICENSE.txt) ships inside the assembly; if the
/// resource were ever missing, Debian's fonts-dejavu-core file is tried, then a warning is raised.
/// </summary>
public static class Fonts
{
    /// <summary>The family name registered with ScottPlot and set as its default.</summary>
    public const string Name = "DejaVu Sans";

    /// <summary>Debian's fonts-dejavu-core copy, the fallback when the embedded resource is missing.</summary>
    public const string SystemPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    internal const string ResourceName = "TidyGan.Reports.DejaVuSans.ttf";

    private static readonly Lock Gate = new();
    private static SKData? fontData;
    private static SKTypeface? typeface;
    private static bool registered;

    /// <summary>Where the font came from: "embedded", a file path, or "none".</summary>
    public static string Source { get; private set; } = "none";

    /// <summary>Why text may be invisible (no font could be loaded); null when all is well.</summary>
    public static string? Warning { get; private set; }

    /// <summary>Whether a real font is loaded (false means text will be missing from images).</summary>
    public static bool IsAvailable
    {
        get { EnsureRegistered(); return fontData is not null; }
    }

    /// <summary>
    /// The shared typeface for SkiaSharp text. Owned by this class: do not dispose it.
    /// Falls back to <see cref="SKTypeface.Default"/> (which draws nothing here) with a <see cref="Warning"/>.
    /// </summary>
    public static SKTypeface Typeface
    {
        get { EnsureRegistered(); return typeface ?? SKTypeface.Default; }
    }

    /// <summary>Loads the font and registers it with ScottPlot once; safe to call from any thread.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (registered) return;
            registered = true;
            fontData = LoadEmbedded() ?? LoadFile(SystemPath);
            if (fontData is null)
            {
                Warning = $"TidyGan.Reports: no font found (embedded resource '{ResourceName}' and " +
                          $"'{SystemPath}' both missing); plot and grid text will be invisible. " +
                          "Install fonts-dejavu-core.";
                Trace.TraceWarning(Warning);
                return;
            }
            typeface = SKTypeface.FromData(fontData);
            ScottPlot.Fonts.FontResolvers.Insert(0, new Resolver(fontData));
            ScottPlot.Fonts.Default = Name;
        }
    }

    private static SKData? LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Source = "embedded";
        return SKData.CreateCopy(copy.ToArray());
    }

    private static SKData? LoadFile(string path)
    {
        if (!File.Exists(path)) return null;
        Source = path;
        return SKData.CreateCopy(File.ReadAllBytes(path));
    }

    /// <summary>Answers ScottPlot's requests for <see cref="Name"/> (any weight or slant) with DejaVu Sans.</summary>
    private sealed class Resolver(SKData data) : ScottPlot.IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, Name, StringComparison.OrdinalIgnoreCase) ? SKTypeface.FromData(data) : null;

        public SKTypeface? CreateTypeface(string fontName, ScottPlot.FontWeight weight, ScottPlot.FontSlant slant,
            ScottPlot.FontSpacing width) => CreateTypeface(fontName, false, false);
    }
}
