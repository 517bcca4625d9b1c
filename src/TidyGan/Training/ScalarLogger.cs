using TidyGan.IO;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;

namespace TidyGan.Training;

/// <summary>
/// Writes every scalar three ways: <c>scalars.csv</c> (step,name,value,wall_time), <c>scalars.jsonl</c>,
/// and TensorBoard event files under <c>tensorboard/</c>, which is what GAN users already watch.
/// </summary>
public sealed class ScalarLogger : IDisposable
{
    public const string CsvName = "scalars.csv";
    public const string JsonlName = "scalars.jsonl";
    private const string CsvHeader = "step,name,value,wall_time";
    private readonly StreamWriter csv;
    private readonly StreamWriter jsonl;
    private readonly SummaryWriter? tensorboard;

    /// <param name="resumeStep">On resume, rows logged after the checkpoint's step are dropped: the resumed run writes them again.</param>
    public ScalarLogger(string runDirectory, long resumeStep = 0, bool tensorBoard = true)
    {
        string csvPath = Path.Combine(runDirectory, CsvName), jsonlPath = Path.Combine(runDirectory, JsonlName);
        TruncateAfter(csvPath, resumeStep, line => line == CsvHeader ? -1 : long.Parse(line.AsSpan(0, line.IndexOf(',')), CultureInfo.InvariantCulture));
        TruncateAfter(jsonlPath, resumeStep, line => JsonDocument.Parse(line).RootElement.GetProperty("step").GetInt64());
        bool newCsv = !File.Exists(csvPath);
        csv = new StreamWriter(csvPath, append: true);
        if (newCsv) csv.WriteLine(CsvHeader);
        jsonl = new StreamWriter(jsonlPath, append: true);
        if (tensorBoard) tensorboard = torch.utils.tensorboard.SummaryWriter(Path.Combine(runDirectory, "tensorboard"));
    }

    public void Log(long step, IEnumerable<(string Name, double Value)> scalars)
    {
        double wall = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        foreach (var (name, value) in scalars)
        {
            csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step},{name},{value:R},{wall:F3}"));
            jsonl.WriteLine(JsonSerializer.Serialize(new { step, name, value = double.IsFinite(value) ? value : (double?)null, wall_time = wall }));
            tensorboard?.add_scalar(name, (float)value, (int)step);
        }
    }

    /// <summary>Pushes buffered rows to disk (called with every checkpoint so logs and checkpoints agree).</summary>
    public void Flush()
    {
        csv.Flush();
        jsonl.Flush();
    }

    public void Dispose()
    {
        csv.Dispose();
        jsonl.Dispose();
    }

    private static void TruncateAfter(string path, long step, Func<string, long> stepOf)
    {
        if (!File.Exists(path)) return;
        var keep = File.ReadLines(path).Where(l => l.Length > 0).TakeWhile(l => stepOf(l) <= step).ToList();
        AtomicFile.WriteAllLines(path, keep);
    }
}
