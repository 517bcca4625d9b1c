using System.Globalization;
using TidyGan.Data;
using TidyGan.IO;
using TidyGan.Metrics;

namespace TidyGan.TuringTest;

/// <summary>
/// The one resolution every image of a study passes through before it is resized to the display size: the generator's
/// native resolution (its training image size), so a 64-px model's samples are not compared with sharp 256-px slices.
/// Real images are loaded at that resolution (the training preprocessing: antialiased bilinear from the source grid) and
/// both sides are then upsampled identically (<see cref="StudyImageRenderer"/>).
/// </summary>
/// <param name="Native">The side every image is brought to before display.</param>
/// <param name="Warning">Set when the sides' native resolutions differ and the user allowed it: say it loudly.</param>
public sealed record StudyResolution(int Native, string? Warning)
{
    /// <summary>
    /// <paramref name="stated"/>: --native-size (null when not given). <paramref name="realModel"/>/<paramref name="fakeModel"/>:
    /// the native side of a model on that side (null for a dataset, which can be loaded at any resolution). Without a
    /// model or a stated size the study renders at <paramref name="display"/> (both sides are datasets: loaded alike).
    /// Differing native resolutions are refused unless <paramref name="allowMismatch"/>.
    /// </summary>
    public static StudyResolution Resolve(int? stated, int? realModel, int? fakeModel, int display, bool allowMismatch)
    {
        if (stated is < 4 or > 2048) throw new ArgumentException($"--native-size {stated}: expected 4…2048 pixels");
        int native = stated ?? fakeModel ?? realModel ?? display;
        var problems = new List<string>();
        if (realModel is int r && r != native) problems.Add($"--real is a model of {r} px");
        if (fakeModel is int f && f != native) problems.Add($"--fake is a model of {f} px");
        if (problems.Count == 0) return new StudyResolution(native, null);
        string what = $"{string.Join(" and ", problems)}, but the study brings images to {native} px{(stated is null ? "" : " (--native-size)")}: "
            + "the two sides would differ in resolution, and raters could tell them apart by sharpness alone";
        if (!allowMismatch)
            throw new UserException($"{what}. Pass --native-size N equal to the generator's image size, or --allow-resolution-mismatch to render anyway");
        return new StudyResolution(native, $"{what} (--allow-resolution-mismatch: each model's samples keep their own resolution)");
    }

    /// <summary>The side a source's images are brought to: a model's own, anything else <see cref="Native"/>.</summary>
    public int For(int? model) => model ?? Native;

    /// <summary>Where a side's images lie: the slice range of the set for real slices (indices, and mm along the slice axis
    /// for one volume), or a note that a model's samples are not tied to a level.</summary>
    public static string LevelRange(LoadedImages images)
    {
        if (images.Model is { } model)
            return FormattableString.Invariant($"samples of a model trained on {model.Name} ({model.Count} images): not tied to a level");
        var levels = images.Levels ?? Enumerable.Range(0, (int)images.Images.shape[0]).ToArray();
        if (levels.Count == 0) return "no images";
        int lo = levels.Min(), hi = levels.Max(), total = images.SetCount ?? levels.Count;
        string unit = images.Geometry is null ? "images" : "slices";
        string text = string.Create(CultureInfo.InvariantCulture, $"{unit} {lo}…{hi} of 0…{total - 1} ({levels.Count} images: {string.Join(", ", levels.Order())})");
        if (images.Geometry is { } g)
        {
            int normal = g.Axis switch { SliceAxis.Axial => 2, SliceAxis.Coronal => 1, _ => 0 };
            double origin = g.Origin.Length > normal ? g.Origin[normal] : 0;
            string axis = "xyz"[normal].ToString();
            text += string.Create(CultureInfo.InvariantCulture, $", {g.Axis.ToString().ToLowerInvariant()} slices at {axis} = {origin + lo * g.SliceSpacing:0.#}…{origin + hi * g.SliceSpacing:0.#} mm");
        }
        return text;
    }
}
