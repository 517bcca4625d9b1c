using SkiaSharp;
using TidyGan.Numerics;
using TidyGan.Reports;

namespace TidyGan.Tests.Reports;

/// <summary>The game plots draw their text (legend, note) and keep their size.</summary>
public class GameFieldPlotTests
{
    private static IReadOnlyList<Trajectory> Trajectories(IGame game) =>
        GameOptimizers.All(0.1, 1.0).Select(o => Trajectory.Run(game, o, [1.0, 1.0], 200)).ToList();

    [Fact]
    public void TrajectoryLegendDrawsTheOptimiserNames()
    {
        var game = new BilinearGame();
        var analysis = EquilibriumAnalysis.At(game);
        var window = FieldWindow.Around(game, [1.0, 1.0]);
        var named = Trajectories(game);
        var blank = named.Select(t => t with { Optimizer = new string(' ', t.Optimizer.Length) }).ToList();
        using var withNames = SKBitmap.Decode(GameFieldPlot.RenderTrajectories(game, window, analysis, named, "η = 0.1"));
        using var withoutNames = SKBitmap.Decode(GameFieldPlot.RenderTrajectories(game, window, analysis, blank, "η = 0.1"));
        Assert.Equal((GameFieldPlot.DefaultSize, GameFieldPlot.DefaultSize + 120), (withNames.Width, withNames.Height));
        int text = DarkPixels(withNames) - DarkPixels(withoutNames);
        Assert.True(text > 200, $"only {text} more dark pixels with optimiser names in the legend");
    }

    [Fact]
    public void FieldPlotShowsItsNoteAndDiffersBetweenGames()
    {
        using var bilinear = SKBitmap.Decode(GameFieldPlot.RenderField(new BilinearGame(), FieldWindow.Around(new BilinearGame()), EquilibriumAnalysis.At(new BilinearGame())));
        using var dirac = SKBitmap.Decode(GameFieldPlot.RenderField(new DiracGan(), FieldWindow.Around(new DiracGan()), EquilibriumAnalysis.At(new DiracGan())));
        Assert.Equal((GameFieldPlot.DefaultSize, GameFieldPlot.DefaultSize), (bilinear.Width, bilinear.Height));
        Assert.True(DarkPixels(bilinear) > 2000, "arrows and text should be drawn");
        // The curl heat map is constant for x·y and varies for the Dirac-GAN: many more distinct colours.
        Assert.True(DistinctColours(dirac) > DistinctColours(bilinear) + 100);
    }

    [Fact]
    public void ThreeDimensionalPlayersArePlottedInTheirFirstCoordinates()
    {
        var game = new BilinearGame(3);
        var trajectory = Trajectory.Run(game, new Extragradient(0.1), [1, 1, 1, 1, 1, 1], 50);
        using var bitmap = SKBitmap.Decode(GameFieldPlot.RenderTrajectories(game, FieldWindow.Around(game, trajectory.Points[0]),
            EquilibriumAnalysis.At(game), [trajectory], "d = 3"));
        Assert.NotNull(bitmap);
        Assert.Throws<ArgumentException>(() => GameField.Curl(game, game.Equilibrium));
    }

    private static int DarkPixels(SKBitmap bitmap)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 3 * 100) count++;
            }
        return count;
    }

    private static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 3)
            for (int x = 0; x < bitmap.Width; x += 3) colours.Add((uint)bitmap.GetPixel(x, y));
        return colours.Count;
    }
}
