using System.Text.RegularExpressions;

namespace TidyGan.Tests.Architecture;

/// <summary>
/// Dependencies run one way, down this list (README, "Architecture"): a file may name its own layer's namespaces and
/// those of the layers below it, never one above. Read from the `namespace` and every `TidyGan.X` mention (using lines
/// and qualified names) of each source file under src/.
/// </summary>
public class LayeringTests
{
    public static readonly string[][] Layers =
    [
        ["TidyGan.IO", "TidyGan.Runtime"],
        ["TidyGan.Data"],
        ["TidyGan.Nn", "TidyGan.Losses", "TidyGan.Numerics"],
        ["TidyGan.Gans"],
        ["TidyGan.Reports"],
        ["TidyGan.Training"],
        ["TidyGan.Export"],
        ["TidyGan.Metrics"],
        ["TidyGan.Segmentation", "TidyGan.Synthetic"],
        ["TidyGan.Experiments"],
        ["TidyGan.TuringTest"],
        ["TidyGan.Cli"],
    ];

    [Fact]
    public void NoSourceFileImportsALayerAboveItsOwn()
    {
        var violations = Violations(Path.Combine(RepositoryRoot(), "src"));
        Assert.True(violations.Count == 0, "upward dependencies:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void APlantedUpwardImportIsFound()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "Data"));
        File.WriteAllText(Path.Combine(dir.Path, "Data", "Fine.cs"), "using TidyGan.IO;\nnamespace TidyGan.Data;\npublic class Fine {}\n");
        File.WriteAllText(Path.Combine(dir.Path, "Data", "Upward.cs"),
            "using TidyGan.IO;\nnamespace TidyGan.Data;\npublic class Upward { TidyGan.Training.Trainer? t; }\n");
        var violations = Violations(dir.Path);
        Assert.Equal(["Data/Upward.cs: TidyGan.Data → TidyGan.Training"], violations);
    }

    [Fact]
    public void EveryNamespaceHasALayer()
    {
        var unknown = SourceFiles(Path.Combine(RepositoryRoot(), "src"))
            .Select(f => (f.Path, f.Namespace)).Where(f => f.Namespace is not null && Layer(f.Namespace) is null).ToList();
        Assert.True(unknown.Count == 0, "add these namespaces to LayeringTests.Layers and the README: " + string.Join(", ", unknown));
    }

    public static IReadOnlyList<string> Violations(string root) =>
        SourceFiles(root)
            .Where(f => f.Namespace is not null && Layer(f.Namespace) is not null)
            .SelectMany(f => References(f.Text)
                .Where(r => Layer(r) is { } target && target > Layer(f.Namespace!))
                .Select(r => $"{Path.GetRelativePath(root, f.Path).Replace('\\', '/')}: {f.Namespace} → {r}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();

    private static IEnumerable<(string Path, string? Namespace, string Text)> SourceFiles(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(p =>
            {
                var text = File.ReadAllText(p);
                var ns = Regex.Match(text, @"^namespace ([\w.]+)\s*[;{]", RegexOptions.Multiline);
                return (p, ns.Success ? ns.Groups[1].Value : null, text);
            });

    /// <summary>Every layer namespace a file names (the longest listed prefix of each `TidyGan.X.Y` mention).</summary>
    private static IEnumerable<string> References(string text) =>
        Regex.Matches(text, @"\bTidyGan(?:\.[A-Z]\w*)+").Select(m => Layers.SelectMany(l => l)
                .Where(p => m.Value == p || m.Value.StartsWith(p + ".", StringComparison.Ordinal)).MaxBy(p => p.Length))
            .OfType<string>().Distinct();

    private static int? Layer(string ns)
    {
        int? best = null;
        int bestLength = -1;
        for (int i = 0; i < Layers.Length; i++)
            foreach (var prefix in Layers[i])
                if ((ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal)) && prefix.Length > bestLength)
                    (best, bestLength) = (i, prefix.Length);
        return best;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TidyGan.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("TidyGan.sln not found above " + AppContext.BaseDirectory);
    }
}
