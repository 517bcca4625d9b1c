using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TidyGan.IO;

namespace TidyGan.Numerics;

/// <summary>
/// Every optimiser run from the same start on one game, with the local analysis at the equilibrium:
/// what `tidygan numerics trajectories` prints and writes as results.json and results.md.
/// </summary>
public sealed record DynamicsComparison(IGame Game, double LearningRate, double Gamma, int Steps, double[] Start,
    EquilibriumAnalysis Analysis, IReadOnlyList<Trajectory> Trajectories)
{
    /// <summary>The steps after which the table reports the distance to the equilibrium.</summary>
    public IReadOnlyList<int> ReportedSteps => new[] { 0, 100, 1000, Steps }.Where(s => s <= Steps).Distinct().Order().ToList();

    public static DynamicsComparison Run(IGame game, IReadOnlyList<IGameOptimizer> optimizers, double[] start, int steps)
    {
        var trajectories = optimizers.Select(o => Trajectory.Run(game, o, start, steps)).ToList();
        double learningRate = optimizers.Count > 0 ? optimizers[0].LearningRate : double.NaN;
        double gamma = optimizers.OfType<ConsensusOptimization>().FirstOrDefault()?.Gamma ?? double.NaN;
        return new DynamicsComparison(game, learningRate, gamma, steps, start, EquilibriumAnalysis.At(game), trajectories);
    }

    public JsonObject ToJson()
    {
        var n = Analysis.Jacobian.GetLength(0);
        var jacobian = new JsonArray(Enumerable.Range(0, n).Select(i =>
            (JsonNode)new JsonArray(Enumerable.Range(0, n).Select(j => (JsonNode?)Number(Analysis.Jacobian[i, j])).ToArray())).ToArray());
        var eigenvalues = new JsonArray(Analysis.Eigenvalues.Select(e => (JsonNode)new JsonObject { ["re"] = Number(e.Real), ["im"] = Number(e.Imaginary) }).ToArray());
        var optimizers = new JsonArray(Trajectories.Select(t =>
        {
            var distances = new JsonObject();
            foreach (var s in ReportedSteps) distances[s.ToString(CultureInfo.InvariantCulture)] = Number(t.DistanceAfter(s));
            return (JsonNode)new JsonObject
            {
                ["name"] = t.Optimizer,
                ["distance_after_steps"] = distances,
                ["overflowed"] = t.Overflowed,
                ["final_point"] = new JsonArray(t.Points[^1].Select(v => (JsonNode?)Number(v)).ToArray()),
            };
        }).ToArray());
        return new JsonObject
        {
            ["game"] = Game.Name,
            ["formula"] = Game.Formula,
            ["x_dimension"] = Game.XDimension,
            ["y_dimension"] = Game.YDimension,
            ["convention"] = "z = (x, y); v(z) = (-grad_x V, grad_y V); every step moves along v: z <- z + lr * (...)",
            ["learning_rate"] = Number(LearningRate),
            ["gamma"] = Number(Gamma),
            ["steps"] = Steps,
            ["start"] = new JsonArray(Start.Select(v => (JsonNode?)Number(v)).ToArray()),
            ["equilibrium"] = new JsonArray(Analysis.Equilibrium.Select(v => (JsonNode?)Number(v)).ToArray()),
            ["jacobian_at_equilibrium"] = jacobian,
            ["eigenvalues"] = eigenvalues,
            ["curl_at_equilibrium"] = Number(Analysis.Curl),
            ["rotation_norm_at_equilibrium"] = Number(Analysis.RotationNorm),
            ["optimizers"] = optimizers,
        };
    }

    /// <summary>The results as a Markdown section: settings, the analysis and one row per optimiser.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"### {Game.Formula}").AppendLine();
        md.AppendLine($"- start z₀ = ({Join(Start)}), equilibrium z* = ({Join(Analysis.Equilibrium)}), η = {G(LearningRate)}, γ = {G(Gamma)} (consensus), {Steps} steps");
        md.AppendLine($"- eigenvalues of the Jacobian of v at z*: {string.Join(", ", Analysis.Eigenvalues.Select(e => EquilibriumAnalysis.Format(e)))}");
        md.AppendLine(Analysis.Curl is { } curl ? $"- curl of v at z*: {G(curl)}" : $"- ‖(J − Jᵀ)/2‖ at z*: {G(Analysis.RotationNorm)}");
        md.AppendLine();
        md.AppendLine("| optimiser | " + string.Join(" | ", ReportedSteps.Select(s => $"‖z − z*‖ after {s}")) + $" | after {Steps} / start |");
        md.AppendLine("|---|" + string.Concat(ReportedSteps.Select(_ => "---:|")) + "---:|");
        foreach (var t in Trajectories)
            md.AppendLine($"| {t.Optimizer} | " + string.Join(" | ", ReportedSteps.Select(s => Cell(t.DistanceAfter(s)))) + $" | {Cell(t.DistanceAfter(Steps) / t.Distances[0])} |");
        return md.ToString();
    }

    public void Write(string directory)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, "results.json"), ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        AtomicFile.WriteAllText(Path.Combine(directory, "results.md"), ToMarkdown());
    }

    /// <summary>A distance as table text: 4 significant digits, "overflow" for +∞.</summary>
    public static string Cell(double? value) => value switch
    {
        null => "",
        double v when double.IsPositiveInfinity(v) => "overflow",
        double v => v.ToString("G4", CultureInfo.InvariantCulture),
    };

    private static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(G));
}
