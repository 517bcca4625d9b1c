using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Experiments;
using TidyGan.Losses;
using TidyGan.Reports;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan saturation gradients`: ∂L_G/∂l against D(G(z)) for the minimax and non-saturating losses (autograd on the loss classes).</summary>
public sealed class SaturationGradientsCommand : Command<SaturationGradientsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--out <FILE.png>")]
        public string? Out { get; init; }

        [CommandOption("--losses <LIST>")]
        [Description("Comma-separated loss names (default minimax,ns)")]
        public string Losses { get; init; } = "minimax,ns";

        public override ValidationResult Validate() => Out is null ? ValidationResult.Error("--out FILE.png is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var losses = settings.Losses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(AdversarialLoss.Create).ToList();
        GeneratorGradientPlot.Save(losses, settings.Out!);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("D(G(z))");
        foreach (var loss in losses) table.AddColumn($"∂L_G/∂l ({loss.Kind.ToCliName()})");
        double[] probes = { 1e-4, 0.01, 0.1, 0.5, 0.9, 0.99 };
        var columns = losses.Select(l => GeneratorGradient.WithRespectToLogit(l, probes)).ToList();
        for (int i = 0; i < probes.Length; i++)
            table.AddRow(new[] { probes[i].ToString("G3", CultureInfo.InvariantCulture) }.Concat(columns.Select(c => c[i].ToString("G4", CultureInfo.InvariantCulture))).ToArray());
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"plot: {settings.Out}");
        return 0;
    }
}

/// <summary>`tidygan saturation table`: maps flags onto <see cref="SaturationTable"/> and prints its table.</summary>
public sealed class SaturationTableCommand : Command<SaturationTableCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--runs <DIR>")]
        public string? Runs { get; init; }

        [CommandOption("--out <DIR>")]
        public string? Out { get; init; }

        public override ValidationResult Validate() => Runs is null ? ValidationResult.Error("--runs DIR is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var outDir = settings.Out ?? settings.Runs!;
        var summary = SaturationTable.Write(settings.Runs!, outDir);
        AnsiConsole.Write(new Markup(Markup.Escape(summary.Markdown) + "\n"));
        AnsiConsole.MarkupLineInterpolated($"{summary.MarkdownPath}, saturation.json, d_fake.png, d_fake_early.png ({summary.Losses} losses, {summary.Runs} runs)");
        return 0;
    }
}
