namespace TidyGan.Experiments;

/// <summary>The arms of the augment experiment, in table order.</summary>
public static class AugmentArms
{
    public const string Imbalanced = "a";
    public const string ClassWeighted = "b1";
    public const string OversampleAugment = "b2";
    public const string WithCGan = "c";
    public const string SyntheticOnly = "d";
    public const string FullReal = "e";

    public static IReadOnlyList<string> All { get; } = [Imbalanced, ClassWeighted, OversampleAugment, WithCGan, SyntheticOnly, FullReal];

    public static string Describe(string arm) => arm switch
    {
        Imbalanced => "(a) imbalanced real",
        ClassWeighted => "(b1) (a) + class-weighted loss",
        OversampleAugment => "(b2) (a) + class-balanced oversampling + flip/shift augmentation",
        WithCGan => "(c) (a) + C-GAN samples of the minority classes",
        SyntheticOnly => "(d) C-GAN samples only (CAS)",
        FullReal => "(e) full balanced real set (upper bound)",
        _ => arm,
    };
}

/// <summary>One trained classifier scored on the untouched real test set. Level is null for arm (e), which has no imbalance.</summary>
public sealed record ArmResult(string Arm, double? Level, int Seed, int TrainImages, double Accuracy, double BalancedAccuracy, double MacroF1,
    double MinorityRecall, IReadOnlyList<double> Recall, IReadOnlyList<double> F1, double Seconds);

/// <summary>Issue-3 scores of the C-GAN's samples of one class against the real test images of that class, with the real-vs-real floor at the same n.</summary>
public sealed record ClassGanScore(int Class, string Name, bool Minority, int KeptReal, int N, double Fd, double FdRealFloor, double Precision, double Recall);

/// <summary>The C-GAN trained on one imbalanced set: its training time and per-class scores.</summary>
public sealed record GanScores(double Level, int Seed, long Steps, double TrainSeconds, double SynthesisSeconds, string Features,
    IReadOnlyList<ClassGanScore> Classes);

/// <summary>The real data every arm of a seed reads: dataset, image size, limit, test split and the resolved minority classes.</summary>
public sealed record DataConfig(string Data, int? Size, int? Limit, double TestFraction, IReadOnlyList<int> MinorityClasses);

/// <summary>A classifier arm's key configuration; <paramref name="Input"/> is the key of the C-GAN arm whose samples it reads (arms c, d).</summary>
public sealed record ClassifierArmConfig(string Arm, double? Level, int Seed, DataConfig Data, Training.ClassifierBudget Classifier, string? Input);

/// <summary>The C-GAN arm's key configuration: its training and what it synthesises.</summary>
public sealed record GanArmConfig(double Level, int Seed, DataConfig Data, int GanSteps, int GanBatch, int GanWidth, double SyntheticRatio,
    int? CasPerClass, int MajorityMedian);

/// <summary>The per-class C-GAN scores' key configuration; <paramref name="Inputs"/>: the keys of the arm-(e) classifier and the C-GAN.</summary>
public sealed record GanScoreArmConfig(double Level, int Seed, DataConfig Data, int ScoreImages, IReadOnlyList<string> Inputs);
