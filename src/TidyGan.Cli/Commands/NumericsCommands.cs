using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Numerics;
using TidyGan.Reports;

namespace TidyGan.Cli.Commands;

/// <summary>Options every `tidygan numerics` verb shares: which game, and where the plots go.</summary>
public class GameSettings : CommandSettings
{
    [CommandOption("--game <NAME>")]
    [Description("bilinear (V = x·y), dirac (the Dirac-GAN of Mescheder 2018) or quadratic (bilinear + quadratic terms, equilibrium (1, −1))")]
    public string Game { get; init; } = "bilinear";

    [CommandOption("--dim <D>")]
    [Description("Parameters per player for bilinear/quadratic (plots show the first of each)")]
    public int Dimension { get; init; } = 1;

    [CommandOption("--range <HALF_WIDTH>")]
    [Description("Half-width of the plotted square around the equilibrium (default: fits the start, at least 2)")]
    public double? Range { get; init; }

    [CommandOption("--out <DIR>")]
    public string? Out { get; init; }

    public override ValidationResult Validate() => Out is null ? ValidationResult.Error("--out DIR is required") : ValidationResult.Success();
}

/// <summary>`tidygan numerics field`: the game's vector field with its curl and the Jacobian's eigenvalues at the equilibrium.</summary>
public sealed class NumericsFieldCommand : Command<GameSettings>
{
    public override int Execute(CommandContext context, GameSettings settings, CancellationToken cancellationToken)
    {
        var game = Games.Create(settings.Game, settings.Dimension);
        var analysis = EquilibriumAnalysis.At(game);
        var path = Path.Combine(settings.Out!, "field.png");
        GameFieldPlot.SaveField(game, FieldWindow.Around(game, halfWidth: settings.Range), analysis, path);
        NumericsConsole.PrintAnalysis(game, analysis);
        AnsiConsole.MarkupLineInterpolated($"field: {path}");
        return 0;
    }
}

/// <summary>`tidygan numerics trajectories`: every optimiser from the same start, drawn on the field, with distances to the equilibrium.</summary>
public sealed class NumericsTrajectoriesCommand : Command<NumericsTrajectoriesCommand.Settings>
{
    public sealed class Settings : GameSettings
    {
        [CommandOption("--lr <ETA>")]
        [Description("Step size η of every optimiser")]
        public double LearningRate { get; init; } = 0.1;

        [CommandOption("--steps <N>")]
        public int Steps { get; init; } = 1000;

        [CommandOption("--gamma <G>")]
        [Description("Weight γ of consensus optimisation's ∇½‖v‖² term")]
        public double Gamma { get; init; } = 1.0;

        [CommandOption("--start <Z>")]
        [Description("Start point, x then y, comma-separated (default: the equilibrium + 1 in every coordinate)")]
        public string? Start { get; init; }

        [CommandOption("--optimizers <LIST>")]
        [Description("Comma-separated subset of simultaneous,alternating,consensus,extragradient,optimistic (default: all)")]
        public string? Optimizers { get; init; }

        public override ValidationResult Validate() =>
            Steps < 1 ? ValidationResult.Error($"--steps {Steps}: must be ≥ 1") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var game = Games.Create(settings.Game, settings.Dimension);
        var start = settings.Start is null ? game.Equilibrium.Select(v => v + 1).ToArray() : ParseStart(settings.Start);
        var names = settings.Optimizers?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [.. GameOptimizers.Names];
        var optimizers = names.Select(n => GameOptimizers.Create(n, settings.LearningRate, settings.Gamma)).ToList();
        var comparison = DynamicsComparison.Run(game, optimizers, start, settings.Steps);

        Directory.CreateDirectory(settings.Out!);
        var window = FieldWindow.Around(game, start, settings.Range);
        string subtitle = $"η = {settings.LearningRate.ToString("G4", CultureInfo.InvariantCulture)}, γ = {settings.Gamma.ToString("G4", CultureInfo.InvariantCulture)}, {settings.Steps} steps";
        GameFieldPlot.SaveTrajectories(game, window, comparison.Analysis, comparison.Trajectories, subtitle, Path.Combine(settings.Out!, "trajectories.png"));
        GameFieldPlot.SaveField(game, FieldWindow.Around(game, halfWidth: settings.Range), comparison.Analysis, Path.Combine(settings.Out!, "field.png"));
        comparison.Write(settings.Out!);

        NumericsConsole.PrintAnalysis(game, comparison.Analysis);
        NumericsConsole.PrintDistances(comparison);
        AnsiConsole.MarkupLineInterpolated($"wrote {settings.Out}/trajectories.png, field.png, results.json, results.md");
        return 0;
    }

    private static double[] ParseStart(string text) => text.Split(',', StringSplitOptions.TrimEntries).Select(s =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
            : throw new ArgumentException($"--start '{text}': '{s}' is not a number (write x then y, comma-separated, e.g. --start 1,1)")).ToArray();
}

/// <summary>The console side of the numerics verbs: Spectre tables.</summary>
internal static class NumericsConsole
{
    public static void PrintAnalysis(IGame game, EquilibriumAnalysis analysis)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{game.Formula}[/]  equilibrium ({string.Join(", ", analysis.Equilibrium.Select(v => v.ToString(CultureInfo.InvariantCulture)))})");
        AnsiConsole.MarkupLineInterpolated($"eigenvalues of the Jacobian of v at the equilibrium: {string.Join(", ", analysis.Eigenvalues.Select(e => EquilibriumAnalysis.Format(e)))}");
        if (analysis.Curl is { } curl) AnsiConsole.MarkupLine("curl of v at the equilibrium: " + curl.ToString("G6", CultureInfo.InvariantCulture));
        else AnsiConsole.MarkupLine("‖(J − Jᵀ)/2‖ at the equilibrium: " + analysis.RotationNorm.ToString("G6", CultureInfo.InvariantCulture));
    }

    public static void PrintDistances(DynamicsComparison comparison)
    {
        var table = new Table().AddColumn("optimiser");
        foreach (var s in comparison.ReportedSteps) table.AddColumn(new TableColumn($"‖z − z*‖ after {s}").RightAligned());
        foreach (var t in comparison.Trajectories)
            table.AddRow([t.Optimizer, .. comparison.ReportedSteps.Select(s => DynamicsComparison.Cell(t.DistanceAfter(s)))]);
        AnsiConsole.Write(table);
    }
}
