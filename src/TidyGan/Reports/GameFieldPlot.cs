using ScottPlot;
using TidyGan.IO;
using TidyGan.Numerics;

namespace TidyGan.Reports;

/// <summary>
/// Pictures of a two-player game in the plane of (x₁, y₁): the field v = (−∇ₓV, ∇ᵧV) as arrows over a
/// heat map of its curl, the equilibrium marked, and optionally the trajectories of optimisers drawn
/// on top. For games with more than one parameter per player the plane is the first coordinate of each
/// and the other coordinates are held at the equilibrium. Text uses <see cref="Fonts"/>.
/// </summary>
public static class GameFieldPlot
{
    public const int DefaultSize = 900;

    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>Arrows per side of the quiver grid.</summary>
    private const int ArrowGrid = 21;

    /// <summary>Cells per side of the curl heat map.</summary>
    private const int CurlGrid = 41;

    /// <summary>The field with its curl: writes a PNG atomically.</summary>
    public static void SaveField(IGame game, FieldWindow window, EquilibriumAnalysis analysis, string path, int size = DefaultSize) =>
        AtomicFile.WriteAllBytes(path, RenderField(game, window, analysis, size));

    /// <summary>The field and every trajectory: writes a PNG atomically.</summary>
    public static void SaveTrajectories(IGame game, FieldWindow window, EquilibriumAnalysis analysis, IReadOnlyList<Trajectory> trajectories,
        string subtitle, string path, int size = DefaultSize) =>
        AtomicFile.WriteAllBytes(path, RenderTrajectories(game, window, analysis, trajectories, subtitle, size));

    public static byte[] RenderField(IGame game, FieldWindow window, EquilibriumAnalysis analysis, int size = DefaultSize)
    {
        using var plot = NewPlot(game, window);
        bool planar = game.XDimension == 1 && game.YDimension == 1;
        if (planar) AddCurlHeatmap(plot, game, window);
        AddArrows(plot, game, window, Colors.Black.WithAlpha(0.85));
        AddEquilibrium(plot, game);
        plot.Title($"{game.Formula}: field v = (−∇ₓV, ∇ᵧV)");
        var note = planar
            ? string.Create(Invariant, $"curl at equilibrium = {analysis.Curl:0.###}\neigenvalues of J: {string.Join(", ", analysis.Eigenvalues.Select(e => EquilibriumAnalysis.Format(e)))}")
            : string.Create(Invariant, $"‖(J − Jᵀ)/2‖ at equilibrium = {analysis.RotationNorm:0.###}\neigenvalues of J: {string.Join(", ", analysis.Eigenvalues.Distinct().Select(e => EquilibriumAnalysis.Format(e)))}");
        AddNote(plot, note);
        return Render(plot, window, size, legend: false);
    }

    public static byte[] RenderTrajectories(IGame game, FieldWindow window, EquilibriumAnalysis analysis, IReadOnlyList<Trajectory> trajectories,
        string subtitle, int size = DefaultSize)
    {
        using var plot = NewPlot(game, window);
        AddArrows(plot, game, window, Colors.Gray.WithAlpha(0.45));
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < trajectories.Count; i++)
        {
            var t = trajectories[i];
            double[] xs = t.Points.Select(p => p[0]).ToArray(), ys = t.Points.Select(p => p[game.XDimension]).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, palette.GetColor(i));
            // Thinner and alternately dashed in drawing order, so trajectories that coincide stay visible.
            line.LineWidth = Math.Max(1.5f, 3.5f - 0.5f * i);
            if (i % 2 == 1) line.LinePattern = LinePattern.Dashed;
            line.MarkerSize = 0;
            double? last = t.Distances.Count > 0 ? t.Distances[^1] : null;
            line.LegendText = string.Create(Invariant, $"{t.Optimizer}: distance {t.Distances[0]:0.###} → {(t.Overflowed ? "overflow" : string.Create(Invariant, $"{last:0.###e+0}"))} after {t.Steps} steps");
        }
        if (trajectories.Count > 0)
        {
            var start = trajectories[0].Points[0];
            var marker = plot.Add.Marker(start[0], start[game.XDimension], MarkerShape.FilledSquare, 12, Colors.Black);
            marker.LegendText = "start";
        }
        AddEquilibrium(plot, game);
        plot.Title($"{game.Formula}\n{subtitle}");
        return Render(plot, window, size, legend: true);
    }

    private static Plot NewPlot(IGame game, FieldWindow window)
    {
        Fonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(Fonts.Name);
        string suffix = game.XDimension > 1 ? " (1st coordinate)" : "";
        plot.XLabel(game.XName + suffix);
        plot.YLabel(game.YName + suffix);
        return plot;
    }

    private static byte[] Render(Plot plot, FieldWindow window, int size, bool legend)
    {
        plot.Axes.SetLimits(window.XMin, window.XMax, window.YMin, window.YMax);
        plot.Axes.SquareUnits();
        if (legend) plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(size, legend ? size + 120 : size, ImageFormat.Png);
    }

    /// <summary>A point of the plane as a joint vector: (x₁, y₁) with every other coordinate at the equilibrium.</summary>
    private static double[] Point(IGame game, double x, double y)
    {
        var z = (double[])game.Equilibrium.Clone();
        z[0] = x;
        z[game.XDimension] = y;
        return z;
    }

    private static void AddArrows(Plot plot, IGame game, FieldWindow window, Color color)
    {
        var vectors = new List<RootedCoordinateVector>();
        foreach (var (x, y) in Grid(window, ArrowGrid, cellCentres: false))
        {
            var v = GameField.Evaluate(game, Point(game, x, y));
            vectors.Add(new RootedCoordinateVector(new Coordinates(x, y), new System.Numerics.Vector2((float)v[0], (float)v[game.XDimension])));
        }
        var field = plot.Add.VectorField(vectors, color);
        field.MaximumArrowLength = 28;     // pixels: arrows show direction, length grows with |v| up to this
    }

    private static void AddCurlHeatmap(Plot plot, IGame game, FieldWindow window)
    {
        // A little beyond the window: square axis units may show more than the requested rectangle.
        window = window with
        {
            XMin = window.XMin - 0.1 * (window.XMax - window.XMin), XMax = window.XMax + 0.1 * (window.XMax - window.XMin),
            YMin = window.YMin - 0.1 * (window.YMax - window.YMin), YMax = window.YMax + 0.1 * (window.YMax - window.YMin),
        };
        var curl = new double[CurlGrid, CurlGrid];
        double dx = (window.XMax - window.XMin) / CurlGrid, dy = (window.YMax - window.YMin) / CurlGrid;
        for (int r = 0; r < CurlGrid; r++)
            for (int c = 0; c < CurlGrid; c++)   // row 0 is drawn at the top
                curl[r, c] = GameField.Curl(game, Point(game, window.XMin + (c + 0.5) * dx, window.YMax - (r + 0.5) * dy));
        var heatmap = plot.Add.Heatmap(curl);
        heatmap.Extent = new CoordinateRect(window.XMin, window.XMax, window.YMin, window.YMax);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        double min = curl.Cast<double>().Min(), max = curl.Cast<double>().Max();
        if (max - min < 1e-9) heatmap.ManualRange = new ScottPlot.Range(min - 1, max + 1);   // a constant curl still gets a readable bar
        heatmap.Opacity = 0.55;
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "curl ∂vᵧ/∂x − ∂vₓ/∂y";
    }

    private static void AddEquilibrium(Plot plot, IGame game)
    {
        var star = game.Equilibrium;
        var marker = plot.Add.Marker(star[0], star[game.XDimension], MarkerShape.FilledCircle, 14, Colors.Red);
        marker.LegendText = "equilibrium";
    }

    private static void AddNote(Plot plot, string text)
    {
        var note = plot.Add.Annotation(text, Alignment.UpperLeft);
        note.LabelFontSize = 15;
    }

    private static IEnumerable<(double X, double Y)> Grid(FieldWindow window, int n, bool cellCentres)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double fx = cellCentres ? (i + 0.5) / n : i / (n - 1.0), fy = cellCentres ? (j + 0.5) / n : j / (n - 1.0);
                yield return (window.XMin + fx * (window.XMax - window.XMin), window.YMin + fy * (window.YMax - window.YMin));
            }
    }
}
