namespace TidyGan.Numerics;

/// <summary>The rectangle of the (x₁, y₁) plane a field or trajectory plot shows.</summary>
public sealed record FieldWindow(double XMin, double XMax, double YMin, double YMax)
{
    /// <summary>
    /// A square centred on the equilibrium, half-width <paramref name="halfWidth"/> if given, else large
    /// enough to show the start point with room around it (at least 2).
    /// </summary>
    public static FieldWindow Around(IGame game, double[]? start = null, double? halfWidth = null)
    {
        var star = game.Equilibrium;
        double cx = star[0], cy = star[game.XDimension];
        double h = halfWidth ?? Math.Max(2.0, start is null ? 0 : 1.5 * Math.Max(Math.Abs(start[0] - cx), Math.Abs(start[game.XDimension] - cy)));
        if (!(h > 0) || !double.IsFinite(h)) throw new ArgumentOutOfRangeException(nameof(halfWidth), halfWidth, "--range (half-width of the plot) must be a finite number > 0");
        return new FieldWindow(cx - h, cx + h, cy - h, cy + h);
    }
}
