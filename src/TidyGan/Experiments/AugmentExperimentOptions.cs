using TidyGan.Nn;
using TidyGan.Training;

namespace TidyGan.Experiments;

/// <summary>
/// The augment experiment's settings. Presets: <see cref="Cpu"/> (one seed, both imbalance levels, all arms in
/// about 10 minutes on 2 shared cores) and <see cref="Paper"/> (a C-GAN of the DC-GAN paper's width trained ~7×
/// longer and a classifier budget 5× larger; hours on a CPU).
/// </summary>
/// <param name="Data">fashion-mnist, or folder:PATH (class sub-folders; train/ and test/ sub-folders when the folder has them).</param>
/// <param name="MinorityClasses">Classes made rare; null = Fashion-MNIST's 2, 4, 6 (or the first min(3, K−1) classes of a folder).</param>
/// <param name="ImbalanceLevels">Fractions of each minority class kept (0.01 = 1%).</param>
/// <param name="SyntheticRatio">Arm (c): C-GAN samples bring each minority class to this fraction of the median majority-class count.</param>
/// <param name="CasPerClass">Arm (d): samples per class; null = the median majority-class count (as many as the real balanced set).</param>
/// <param name="ScoreImages">Per-class C-GAN scores: at most this many fake and real test images per class.</param>
/// <param name="Limit">Use only the first N training images (quick checks).</param>
public sealed record AugmentExperimentOptions(
    string Data = "fashion-mnist",
    IReadOnlyList<int>? MinorityClasses = null,
    IReadOnlyList<double>? ImbalanceLevels = null,
    IReadOnlyList<int>? Seeds = null,
    int? Size = null,
    int? Limit = null,
    string Budget = "cpu",
    int GanSteps = 1000,
    int GanBatch = 64,
    int GanWidth = 32,
    ClassifierBudget? Classifier = null,
    double SyntheticRatio = 1.0,
    int? CasPerClass = null,
    int ScoreImages = 1000,
    double TestFraction = 0.2)
{
    public IReadOnlyList<double> Levels => ImbalanceLevels ?? [0.01, 0.05];
    public IReadOnlyList<int> SeedList => Seeds ?? [1, 2, 3];
    public ClassifierBudget ClassifierBudget => Classifier ?? new ClassifierBudget();

    public static AugmentExperimentOptions Cpu { get; } = new();

    public static AugmentExperimentOptions Paper { get; } = new(Budget: "paper", GanSteps: 10_000, GanWidth: 64,
        Classifier: new ClassifierBudget(Steps: 3000, BatchSize: 128, Width: 32));

    public static AugmentExperimentOptions Preset(string name) => name switch
    {
        "cpu" => Cpu,
        "paper" => Paper,
        _ => throw new ArgumentException($"--budget '{name}' is not one of cpu, paper"),
    };

    public DcGanOptions GanModel(int size, int channels) =>
        new(ImageSize: size, Channels: channels, LatentDim: 100, GeneratorWidth: GanWidth, DiscriminatorWidth: GanWidth);

    public void Validate()
    {
        if (Levels.Count == 0 || Levels.Any(l => l is not (> 0 and < 1))) throw new ArgumentException($"--imbalance: each level must be in (0, 1), got {string.Join(", ", Levels)}");
        if (SeedList.Count == 0) throw new ArgumentException("--seeds: give at least one seed");
        if (SeedList.Distinct().Count() != SeedList.Count) throw new ArgumentException("--seeds: a seed is listed twice");
        if (GanSteps < 1 || GanBatch < 1 || GanWidth < 1) throw new ArgumentException("C-GAN steps, batch and width must be ≥ 1");
        if (SyntheticRatio is not (> 0 and <= 10)) throw new ArgumentException($"--synthetic-ratio must be in (0, 10], got {SyntheticRatio}");
        if (CasPerClass is < 1) throw new ArgumentException($"--cas-per-class must be ≥ 1, got {CasPerClass}");
        if (ScoreImages < 10) throw new ArgumentException($"--score-images must be ≥ 10, got {ScoreImages}");
        if (TestFraction is not (> 0 and < 1)) throw new ArgumentException($"test fraction must be in (0, 1), got {TestFraction}");
        ClassifierBudget.Validate();
    }
}
