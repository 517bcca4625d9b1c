using System.Text;
using System.Text.RegularExpressions;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Cli;

namespace TidyGan.Tests.Cli;

/// <summary>
/// Every `./tidygan …` command line in README.md and docs/*.md parses against the real command tree
/// (<see cref="CliApp.Configure"/>): an unknown verb, an unknown flag or a value of the wrong type fails the test.
/// Nothing runs: an interceptor stops each command after its settings are bound.
/// </summary>
public partial class DocCommandLineTests
{
    [Fact]
    public void EveryDocumentedCommandLineParses()
    {
        var commands = DocumentedCommands().ToList();
        var failures = commands.Select(c => (c, Problem: ParseProblem(c.Arguments)))
            .Where(r => r.Problem is not null)
            .Select(r => $"{r.c.Where}: ./tidygan {string.Join(' ', r.c.Arguments)}\n    → {r.Problem}")
            .ToList();

        Assert.True(commands.Count > 50, $"found only {commands.Count} documented command lines; is the extractor broken?");
        Assert.True(failures.Count == 0, $"{failures.Count} documented command line(s) do not parse:\n{string.Join('\n', failures)}");
    }

    [Theory]
    [InlineData("train dcgan --data ct-head --stpes 3 --out runs/x")]      // misspelt flag
    [InlineData("trian dcgan --data ct-head")]                             // misspelt verb
    [InlineData("train dcgan --steps many --out runs/x")]                  // a value of the wrong type
    [InlineData("sample --checkpoint runs/ct --n")]                        // a flag without its value
    public void TheCheckCatchesBrokenLines(string line)
    {
        Assert.NotNull(ParseProblem(Tokens(line)));
    }

    [Theory]
    [InlineData("sample --checkpoint runs/ct --n 64 --out grid.png   # a grid", "sample --checkpoint runs/ct --n 64 --out grid.png")]
    [InlineData("report --run \"$run\" --title \"DC-GAN on head CT\" > log.txt", "report --run 1 --title DC-GAN on head CT")]
    [InlineData("numerics trajectories --lr $lr --out runs/n; done", "numerics trajectories --lr 1 --out runs/n")]
    public void LinesAreSplitAsTheShellWould(string line, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Tokens(line)));
    }

    public sealed record DocCommand(string Where, IReadOnlyList<string> Arguments);

    /// <summary>Commands in fenced code blocks (with backslash continuations) and in `inline code` of the prose.</summary>
    public static IEnumerable<DocCommand> DocumentedCommands()
    {
        var root = RepositoryRoot();
        var files = new[] { Path.Combine(root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order());
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(root, file);
            var lines = File.ReadAllLines(file);
            var prose = new StringBuilder();
            var proseLine = new List<int>();                          // the line number of each prose character
            var inFence = false;
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal)) { inFence = !inFence; continue; }
                if (!inFence)
                {
                    prose.Append(lines[i]).Append(' ');
                    proseLine.AddRange(Enumerable.Repeat(i + 1, lines[i].Length + 1));
                    continue;
                }
                var first = i + 1;
                var text = lines[i];
                while (text.EndsWith('\\') && i + 1 < lines.Length) text = text[..^1] + " " + lines[++i];
                foreach (Match m in CommandStart().Matches(text))
                    yield return new DocCommand($"{name}:{first}", Tokens(text[(m.Index + m.Length)..]));
            }
            foreach (Match span in InlineCode().Matches(prose.ToString()))
            {
                var code = span.Groups[1].Value;
                foreach (Match m in CommandStart().Matches(code))
                    yield return new DocCommand($"{name}:{proseLine[span.Index]}", Tokens(code[(m.Index + m.Length)..]));
            }
        }
    }

    /// <summary>
    /// Shell words up to a comment, `;`, a pipe, `&amp;&amp;` or a redirection. A shell variable (`$lr`) is a
    /// value placeholder and becomes 1, which every value type accepts.
    /// </summary>
    public static List<string> Tokens(string line)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in line)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0'; else word.Append(c);
                continue;
            }
            if (c is '\'' or '"') { quote = c; inWord = true; continue; }
            if (char.IsWhiteSpace(c))
            {
                if (inWord && !Add()) return tokens;
                inWord = false;
                continue;
            }
            if (!inWord && c is '#' or ';' or '|' or '&' or '>' or '<') return tokens;
            word.Append(c);
            inWord = true;
        }
        if (inWord) Add();
        return tokens;

        bool Add()
        {
            var w = word.ToString();
            word.Clear();
            if (w.EndsWith(';')) { tokens.Add(Value(w[..^1])); return false; }
            if (Regex.IsMatch(w, @"^\d?>")) return false;
            tokens.Add(Value(w));
            return true;
        }

        static string Value(string w) => w.StartsWith('$') ? "1" : w;
    }

    /// <summary>Null when the arguments parse and bind; else what Spectre said.</summary>
    public static string? ParseProblem(IReadOnlyList<string> arguments)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            CliApp.Configure(config);
            config.ConfigureConsole(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }));
            config.SetInterceptor(new StopBeforeExecution());
            config.PropagateExceptions();
        });
        try
        {
            var code = app.Run(CliApp.MapLongNames(arguments));
            return code == 0 ? null : $"exit code {code} without running a command";   // 0: --help, --version
        }
        catch (ParsedException) { return null; }
        catch (Exception e) { return $"{e.GetType().Name}: {e.Message}"; }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TidyGan.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no TidyGan.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"(?:^|(?<=[\s(`;]))\./tidygan(?:\s+|$)")]
    private static partial Regex CommandStart();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex InlineCode();

    private sealed class ParsedException : Exception;

    private sealed class StopBeforeExecution : ICommandInterceptor
    {
        public void Intercept(CommandContext context, CommandSettings settings) => throw new ParsedException();

        public void InterceptResult(CommandContext context, CommandSettings settings, ref int result) { }
    }
}

/// <summary>README.md and scripts/test.sh give the one fast filter, <see cref="Traits.FastFilter"/>.</summary>
public class FastFilterDocTests
{
    [Theory]
    [InlineData("README.md")]
    [InlineData("scripts/test.sh")]
    public void DocumentedFastFilterSkipsSlowBrowserAndPythonTests(string file)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "TidyGan.sln"))) root = root.Parent!;
        Assert.Contains($"--filter \"{Traits.FastFilter}\"", File.ReadAllText(Path.Combine(root.FullName, file)));
    }
}
