using TidyGan.IO;

namespace TidyGan.Tests.Fuzzing;

/// <summary>One real input for a reader: its files (usually one) and the one the reader is handed.</summary>
internal sealed record FuzzSeed(string Name, IReadOnlyDictionary<string, byte[]> Files, string ReadName, IReadOnlyList<int> Fields)
{
    public static FuzzSeed One(string name, string fileName, byte[] bytes, params int[] fields) =>
        new(name, new Dictionary<string, byte[]> { [fileName] = bytes }, fileName, fields);
}

/// <summary>A reader under fuzz: its seeds, how to read one input, and what memory one input may cost.</summary>
internal sealed class FuzzTarget
{
    public required string Name { get; init; }
    public required IReadOnlyList<FuzzSeed> Seeds { get; init; }

    /// <summary>Reads the input at this path (the seed's ReadName inside a fresh folder).</summary>
    public required Action<string> Read { get; init; }

    /// <summary>Managed bytes one input may allocate on its thread: a bound, not an estimate.</summary>
    public long AllocationLimit { get; init; } = 256L << 20;

    /// <summary>The error a reader may raise: TidyGan's user-facing error naming a file of the input.</summary>
    public Func<Exception, IReadOnlyCollection<string>, bool> IsCleanError { get; init; } = (e, names) =>
        e is UserException && names.Any(n => e.Message.Contains(n, StringComparison.Ordinal));

    /// <summary>Runs after a mutation, e.g. to re-sign a checkpoint so the loader behind the hash check is reached.</summary>
    public Action<Dictionary<string, byte[]>, string, Random>? AfterMutation { get; init; }
}

/// <summary>What a fuzz run found.</summary>
internal sealed record FuzzReport(string Reader, int Tried, int Accepted, int CleanErrors, IReadOnlyList<string> Failures,
    long MaxAllocatedBytes, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Reader}: {Tried} tried, {Accepted} accepted, {CleanErrors} clean errors, {Failures.Count} failures, " +
        $"max {MaxAllocatedBytes >> 20} MiB allocated by one input, {Elapsed.TotalSeconds:F1} s";
}

/// <summary>
/// Runs mutated inputs through a reader. Each input runs on its own thread under a time limit (a hang detector,
/// generous on purpose); its managed allocation on that thread is measured and bounded. An input passes when it
/// reads or raises the clean error; anything else (another exception type, a message that names no file, a hang,
/// an allocation over the bound) is a failure, described with the seed and mutation so it can be reproduced.
/// Failing inputs are copied to $TIDYGAN_FUZZ_SAVE when set.
/// </summary>
internal static class FuzzHarness
{
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    /// <summary>The run's seed: TIDYGAN_FUZZ_SEED, or 18 so CI is repeatable.</summary>
    public static int RunSeed => int.TryParse(Environment.GetEnvironmentVariable("TIDYGAN_FUZZ_SEED"), out int s) ? s : 18;

    public static FuzzReport Run(FuzzTarget target, int count, int runSeed)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var root = new TempDirectory();
        var failures = new List<string>();
        int tried = 0, accepted = 0, clean = 0;
        long maxAllocated = 0;
        string? save = Environment.GetEnvironmentVariable("TIDYGAN_FUZZ_SAVE");
        for (int i = 0; i < count; i++)
        {
            tried++;
            var (seed, files, victim, what) = Input(target, runSeed, i);

            var folder = Path.Combine(root.Path, $"case-{i:D5}");
            Directory.CreateDirectory(folder);
            foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(folder, name), bytes);
            var names = files.Keys.Append(Path.GetFileName(folder)).ToArray();

            var (error, allocated, finished) = RunOne(() => target.Read(Path.Combine(folder, seed.ReadName)));
            maxAllocated = Math.Max(maxAllocated, allocated);
            string? failure = !finished ? $"no result within {TimeLimit.TotalSeconds} s (hang)"
                : allocated > target.AllocationLimit ? $"allocated {allocated >> 20} MiB (limit {target.AllocationLimit >> 20} MiB)"
                : error is null ? null
                : target.IsCleanError(error, names) ? null
                : $"{error.GetType().Name}: {error.Message}\n{FirstFrames(error)}";
            if (failure is null)
            {
                if (error is null) accepted++; else clean++;
            }
            else
            {
                failures.Add($"input {i} (run seed {runSeed}, seed file {seed.Name}, mutated {victim}: {what}): {failure}");
                if (save is not null)
                {
                    var keep = Path.Combine(save, target.Name, $"case-{runSeed}-{i:D5}");
                    Directory.CreateDirectory(keep);
                    foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(keep, name), bytes);
                    File.WriteAllText(Path.Combine(keep, "failure.txt"), failures[^1]);
                }
                if (!finished) break;                               // the hung thread still runs: stop here
            }
            try { Directory.Delete(folder, true); } catch (IOException) { }
        }
        return new FuzzReport(target.Name, tried, accepted, clean, failures, maxAllocated, clock.Elapsed);
    }

    /// <summary>The files of input <paramref name="index"/> of a run: the same seeds give the same bytes.</summary>
    public static (FuzzSeed Seed, Dictionary<string, byte[]> Files, string Victim, string What) Input(FuzzTarget target, int runSeed, int index)
    {
        var mutator = new FuzzMutator(StableSeed(target.Name, runSeed, index));
        var seed = target.Seeds[mutator.Random.Next(target.Seeds.Count)];
        var files = seed.Files.ToDictionary(kv => kv.Key, kv => kv.Value);
        // The file the reader is handed is the usual target; a companion file (an .img, a weights file) sometimes.
        string victim = files.Count == 1 || mutator.Random.Next(2) == 0 ? seed.ReadName : files.Keys.ElementAt(mutator.Random.Next(files.Count));
        files[victim] = FuzzEnvelopes.Mutate(files[victim], victim == seed.ReadName ? seed.Fields : [], mutator, out string what);
        target.AfterMutation?.Invoke(files, victim, mutator.Random);
        return (seed, files, victim, what);
    }

    /// <summary>Runs one read on a fresh thread; returns its exception, the bytes it allocated and whether it finished in time.</summary>
    public static (Exception? Error, long Allocated, bool Finished) RunOne(Action read)
    {
        Exception? error = null;
        long allocated = 0;
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try { read(); }
            catch (Exception e) { error = e; }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, 16 << 20) { IsBackground = true };
        thread.Start();
        bool finished = thread.Join(TimeLimit);
        return (error, allocated, finished);
    }

    private static int StableSeed(string name, int run, int index)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in name) h = (h ^ c) * 16777619;
            return ((h ^ run) * 16777619 ^ index) * 16777619;
        }
    }

    private static string FirstFrames(Exception e) =>
        string.Join("\n", (e.StackTrace ?? "").Split('\n').Take(4));
}
