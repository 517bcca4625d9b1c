using System.Security.Cryptography;
using System.Text;
using TidyGan.IO;

namespace TidyGan.Data;

/// <summary>
/// Which subjects lie in which split; each subject in exactly one. Recorded in what a dataset loaded from a cohort reports
/// (<see cref="ImageSet.Subjects"/>, <see cref="DataDescription.Subjects"/>, a run's config.json).
/// </summary>
/// <param name="Loaded">The split whose slices the image set holds (train, val or test); null for the split alone.</param>
public sealed record CohortSplit(IReadOnlyList<string> Train, IReadOnlyList<string> Val, IReadOnlyList<string> Test, string? Loaded = null)
{
    /// <summary>The fractions and seed that assigned the subjects the manifest did not place (null: not recorded).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public CohortSplitRule? Rule { get; init; }

    /// <summary>The subjects of split "train", "val" or "test".</summary>
    public IReadOnlyList<string> this[string split] => split switch
    {
        "train" => Train,
        "val" => Val,
        "test" => Test,
        _ => throw new UserException($"unknown split '{split}': use train, val or test"),
    };

    /// <summary>The split a subject lies in, or null when it is in none.</summary>
    public string? Of(string subject) =>
        Train.Contains(subject) ? "train" : Val.Contains(subject) ? "val" : Test.Contains(subject) ? "test" : null;

    /// <summary>
    /// The split rule: the subjects are ordered by SHA-256 of "seed:subject id" (ties by id), a seeded shuffle that does not
    /// depend on the order subjects are listed in; the first round(n·train) go to train, the next up to round(n·(train+val))
    /// to val, the rest to test (fractions are normalised to sum 1). So the same ids and seed always give the same split,
    /// another seed another one, and the counts follow the fractions to within one subject.
    /// </summary>
    public static CohortSplit Assign(IReadOnlyList<string> subjects, double train, double val, double test, int seed)
    {
        ValidateFractions(train, val, test);
        double total = train + val + test;
        var order = subjects.Distinct().OrderBy(s => Key(s, seed)).ThenBy(s => s, StringComparer.Ordinal).ToList();
        int n = order.Count;
        int nTrain = (int)Math.Round(n * train / total, MidpointRounding.AwayFromZero);
        int nTrainVal = Math.Max(nTrain, (int)Math.Round(n * (train + val) / total, MidpointRounding.AwayFromZero));
        List<string> Sorted(IEnumerable<string> s) => s.OrderBy(x => x, StringComparer.Ordinal).ToList();
        return new CohortSplit(Sorted(order.Take(nTrain)), Sorted(order.Skip(nTrain).Take(nTrainVal - nTrain)), Sorted(order.Skip(nTrainVal)));
    }

    /// <summary>Fractions must be non-negative with a positive sum (they are normalised).</summary>
    public static void ValidateFractions(double train, double val, double test)
    {
        if (train < 0 || val < 0 || test < 0 || !(train + val + test > 0) || double.IsNaN(train + val + test))
            throw new UserException($"split fractions must be non-negative with a positive sum (got {train}, {val}, {test})");
    }

    private static ulong Key(string subject, int seed) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{subject}")), 0);

    /// <summary>Parses "0.8,0.1,0.1".</summary>
    public static (double Train, double Val, double Test) ParseFractions(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 3 || !parts.All(p => double.TryParse(p, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
            throw new UserException($"split fractions '{text}': expected three numbers train,val,test such as 0.8,0.1,0.1");
        var v = parts.Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (v[0], v[1], v[2]);
    }
}

/// <summary>
/// How subjects without a split in the manifest are split (<see cref="CohortSplit.Assign"/>): fractions train, val, test and
/// a seed of its own, so runs with different training seeds keep the same test subjects. CLI: <c>--split 0.8,0.1,0.1
/// --split-seed 0</c>.
/// </summary>
public sealed record CohortSplitRule(double Train = 0.8, double Val = 0.1, double Test = 0.1, int Seed = 0)
{
    public static CohortSplitRule Default { get; } = new();

    /// <summary>From the CLI's "0.8,0.1,0.1" (null: the default fractions) and seed (null: 0).</summary>
    public static CohortSplitRule Parse(string? fractions, int? seed)
    {
        var (train, val, test) = fractions is null ? (0.8, 0.1, 0.1) : CohortSplit.ParseFractions(fractions);
        CohortSplit.ValidateFractions(train, val, test);
        return new CohortSplitRule(train, val, test, seed ?? 0);
    }

    /// <summary>The CLI's --split/--split-seed: null when neither is given.</summary>
    public static CohortSplitRule? FromFlags(string? fractions, int? seed) => fractions is null && seed is null ? null : Parse(fractions, seed);

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Train},{Val},{Test} seed {Seed}");
}
