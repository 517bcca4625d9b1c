using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Training;
using TorchSharp;

namespace TidyGan.Bench;

/// <summary>
/// Training on a cohort from disk vs the same slices in memory (issue 14's "background prefetch"): the DC-GAN step time
/// and the process's resident memory, for cohorts of growing size. `bench cohort [--subjects 50,100,200] [--steps 40]
/// [--warmup 5] [--batch 64] [--size 64] [--repeats 2] [--dir DIR]`.
/// <para>The cohort is generated: subject i is the real Colin27 T1 (mricron-data's ch2) at 2 mm, shifted by a
/// subject-specific 0–4 mm along each axis and scaled by a gain of 0.9–1.1, written as NIfTI (uint8) with a manifest per
/// size that puts every subject in the train split. Variants of one real head, not distinct people: what is measured is
/// I/O and memory, which depend on the number and size of the volumes, not on who they are.</para>
/// <para>Each measurement is its own process (so resident memory is that run's): it loads the manifest through the slice
/// cache (warmed by a first load) and trains a 64-px DC-GAN with the product's Trainer, either on the set as the cache
/// gives it (on disk, batches read by positional reads with the next batch prefetched) or on a copy of all its slices in
/// one in-memory tensor (what the cohort loader gives without the cache). Step times are medians between the trainer's
/// progress events (data loading included); VmRSS from /proc/self/status after loading and after training; VmHWM its
/// peak. Runs alternate memory/disk so load on the machine hits both alike.</para>
/// </summary>
internal static class CohortBench
{
    public static int Run(string[] args)
    {
        var o = Options.Parse(args);
        if (Console.IsOutputRedirected || Console.WindowWidth < 140) AnsiConsole.Profile.Width = 140;   // readable in logs
        Directory.CreateDirectory(o.Dir);
        int max = o.Subjects.Max();
        var cohort = Path.Combine(o.Dir, "subjects");
        AnsiConsole.MarkupLine($"[bold]Cohort bench[/] {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores; load {Machine.LoadAverage()}");
        Generate(cohort, max);
        var manifests = o.Subjects.ToDictionary(n => n, n => WriteManifest(o.Dir, cohort, n));

        // Warm the cache once with the largest cohort (the others are its prefixes: same entries).
        var clock = Stopwatch.StartNew();
        var warm = Child(manifests[max], "disk", o with { Steps = 0, Warmup = 0 });
        AnsiConsole.MarkupLine($"cache built for {max} subjects in {clock.Elapsed.TotalSeconds:0.0} s ({warm.Slices} slices, {warm.Slices * (long)o.Size * o.Size * 4 / 1e6:0} MB of float32)");

        var results = new List<Result>();
        foreach (int n in o.Subjects)
            for (int r = 0; r < o.Repeats; r++)
                foreach (var mode in new[] { "memory", "disk" })
                {
                    var result = Child(manifests[n], mode, o);
                    results.Add(result with { Subjects = n });
                    AnsiConsole.MarkupLine($"[grey]{n} subjects, {mode}, run {r + 1}: {result.MedianMs:0.0} ms/step (min {result.MinMs:0.0}), RSS after load {result.RssLoadedMb:0} MB, after training {result.RssEndMb:0} MB, peak {result.PeakMb:0} MB, load {result.LoadSeconds:0.00} s[/]");
                }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "subjects", "slices", "data", "ms/step (median of runs' medians)", "disk / memory", "RSS after loading MB", "RSS after training MB", "peak RSS MB" })
            table.AddColumn(c);
        foreach (int n in o.Subjects)
        {
            var mem = results.Where(x => x.Subjects == n && x.Mode == "memory").ToList();
            var disk = results.Where(x => x.Subjects == n && x.Mode == "disk").ToList();
            double m = Median(mem.Select(x => x.MedianMs)), d = Median(disk.Select(x => x.MedianMs));
            table.AddRow($"{n}", $"{mem[0].Slices}", "memory", $"{m:0.0}", "", $"{Median(mem.Select(x => x.RssLoadedMb)):0}", $"{Median(mem.Select(x => x.RssEndMb)):0}", $"{Median(mem.Select(x => x.PeakMb)):0}");
            table.AddRow("", "", "disk + prefetch", $"{d:0.0}", $"{d / m:0.000}", $"{Median(disk.Select(x => x.RssLoadedMb)):0}", $"{Median(disk.Select(x => x.RssEndMb)):0}", $"{Median(disk.Select(x => x.PeakMb)):0}");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"load average at the end: {Machine.LoadAverage()}");
        File.WriteAllText(Path.Combine(o.Dir, "cohort-bench.json"), JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    /// <summary>One measurement, in this process: `cohort-run MANIFEST MODE STEPS WARMUP BATCH SIZE`.</summary>
    public static int RunChild(string[] args)
    {
        string manifest = args[0], mode = args[1];
        int steps = int.Parse(args[2], CultureInfo.InvariantCulture), warmup = int.Parse(args[3], CultureInfo.InvariantCulture);
        int batch = int.Parse(args[4], CultureInfo.InvariantCulture), size = int.Parse(args[5], CultureInfo.InvariantCulture);
        torch.set_num_threads(Math.Min(2, Environment.ProcessorCount));
        var clock = Stopwatch.StartNew();
        var loaded = CohortSlices.Load($"cohort:{manifest}", new DatasetOptions(Size: size));
        ImageSet set = loaded;
        if (mode == "memory")
        {
            set = new ImageSet { Name = loaded.Name, Images = loaded.Images.clone(), Intensity = loaded.Intensity, Geometry = loaded.Geometry };
            loaded.Dispose();
        }
        else if (set.Files is null) throw new InvalidOperationException("the cohort did not come from the slice cache");
        double loadSeconds = clock.Elapsed.TotalSeconds;
        long rssLoaded = Status("VmRSS");
        var times = new List<double>();
        if (steps > 0)
        {
            torch.manual_seed(0);
            var model = new DcGanOptions(ImageSize: size, Channels: 1, LatentDim: 100, GeneratorWidth: 32, DiscriminatorWidth: 32);
            using var gan = new DcGan(new DcGanConfig(model, AdversarialLossKind.NonSaturating));
            var folder = Path.Combine(Path.GetTempPath(), $"tidygan-cohort-bench-{Environment.ProcessId}");
            var options = new TrainerOptions
            {
                Steps = warmup + steps, BatchSize = batch, Seed = 0, GridSamples = 4, SampleGrids = false,
                LogEvery = int.MaxValue, SampleEvery = int.MaxValue, CheckpointEvery = int.MaxValue,
            };
            try
            {
                using var trainer = new Trainer(gan, set, DataDescription.Of(set, set.Name), options, folder);
                long last = Stopwatch.GetTimestamp();
                trainer.Progress += p =>
                {
                    long now = Stopwatch.GetTimestamp();
                    if (p.Step > warmup) times.Add(Stopwatch.GetElapsedTime(last, now).TotalMilliseconds);
                    last = Stopwatch.GetTimestamp();
                };
                trainer.Run();
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, true);
            }
        }
        var result = new Result(0, mode, set.Count, times.Count > 0 ? Median(times) : 0, times.Count > 0 ? times.Min() : 0,
            rssLoaded / 1024.0, Status("VmRSS") / 1024.0, Status("VmHWM") / 1024.0, loadSeconds);
        set.Dispose();
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
        return 0;
    }

    private static Result Child(string manifest, string mode, Options o)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "cohort-run", manifest, mode, $"{o.Steps}", $"{o.Warmup}", $"{o.Batch}", $"{o.Size}" }) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (p.ExitCode != 0 || line is null) throw new InvalidOperationException($"cohort-run {mode} failed ({p.ExitCode}): {stderr.Result}{stdout}");
        return JsonSerializer.Deserialize<Result>(line["RESULT ".Length..])!;
    }

    /// <summary>Subjects s000..s(n-1) from the real Colin27 T1 (see the class summary); existing files are kept.</summary>
    private static void Generate(string folder, int count)
    {
        if (!File.Exists(Datasets.Ch2Path)) throw new ArgumentException($"{Datasets.Ch2Path} is missing: apt-get install mricron-data");
        var ch2 = NiftiReader.Read(Datasets.Ch2Path);
        const int step = 2, border = 8;
        int nx = (ch2.SizeX - border) / step, ny = (ch2.SizeY - border) / step, nz = (ch2.SizeZ - border) / step;
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask($"cohort of {count} subjects", maxValue: count);
            for (int i = 0; i < count; i++, task.Increment(1))
            {
                var path = Path.Combine(folder, $"s{i:D3}", "t1.nii");
                if (File.Exists(path)) continue;
                int sx = i % 5, sy = i / 5 % 5, sz = i / 25 % 5;
                float gain = 0.9f + 0.2f * (i * 37 % 11) / 10f;
                var voxels = new float[nx * ny * nz];
                for (int z = 0; z < nz; z++)
                    for (int y = 0; y < ny; y++)
                        for (int x = 0; x < nx; x++)
                            voxels[x + nx * (y + ny * z)] = MathF.Min(255, MathF.Round(gain * ch2[sx + x * step, sy + y * step, sz + z * step]));
                var a = (double[,])ch2.Affine.Clone();
                for (int r = 0; r < 3; r++)
                {
                    a[r, 3] += a[r, 0] * sx + a[r, 1] * sy + a[r, 2] * sz;
                    for (int c = 0; c < 3; c++) a[r, c] *= step;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                NiftiWriter.Write(path, new Volume(voxels, [nx, ny, nz], a, IntensityKind.Unknown, NiftiDataType.UInt8));
            }
        });
    }

    private static string WriteManifest(string dir, string cohort, int n)
    {
        var path = Path.Combine(dir, $"cohort-{n}.csv");
        File.WriteAllLines(path, ["subject,modality,path,split", .. Enumerable.Range(0, n).Select(i => $"s{i:D3},t1,{Path.Combine(cohort, $"s{i:D3}", "t1.nii")},train")]);
        return path;
    }

    /// <summary>A field of /proc/self/status in kB.</summary>
    private static long Status(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private sealed record Result(int Subjects, string Mode, int Slices, double MedianMs, double MinMs, double RssLoadedMb, double RssEndMb, double PeakMb, double LoadSeconds);

    private sealed record Options(int[] Subjects, int Steps, int Warmup, int Batch, int Size, int Repeats, string Dir)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options([50, 100, 200], 40, 5, 64, 64, 2, Path.Combine(Path.GetTempPath(), "tidygan-cohort-bench"));
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                int Int() => int.TryParse(Value(), CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new ArgumentException($"{args[i - 1]}: a positive whole number");
                o = args[i] switch
                {
                    "--subjects" => o with { Subjects = Value().Split(',').Select(s => int.TryParse(s, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new ArgumentException($"--subjects: '{s}' is not a positive number")).ToArray() },
                    "--steps" => o with { Steps = Int() },
                    "--warmup" => o with { Warmup = Int() },
                    "--batch" => o with { Batch = Int() },
                    "--size" => o with { Size = Int() },
                    "--repeats" => o with { Repeats = Int() },
                    "--dir" => o with { Dir = Value() },
                    _ => throw new ArgumentException($"unknown option {args[i]}; options: --subjects 50,100,200 --steps 40 --warmup 5 --batch 64 --size 64 --repeats 2 --dir DIR"),
                };
            }
            return o;
        }
    }
}
