using TidyGan.Metrics;

namespace TidyGan.Tests.Metrics;

public class ClassificationMetricsTests
{
    // Rows = true class, columns = predicted. Worked by hand:
    //   class 0: TP 5, true 6, predicted 7 → recall 5/6, precision 5/7, F1 = 2·5/(6+7) = 10/13
    //   class 1: TP 3, true 6, predicted 4 → recall 1/2, precision 3/4, F1 = 2·3/(6+4) = 3/5
    //   class 2: TP 4, true 4, predicted 5 → recall 1,   precision 4/5, F1 = 2·4/(4+5) = 8/9
    private static readonly long[,] Confusion = { { 5, 1, 0 }, { 2, 3, 1 }, { 0, 0, 4 } };

    [Fact]
    public void MatchesHandComputationOnASmallConfusionMatrix()
    {
        var m = ClassificationMetrics.FromConfusion(Confusion);
        Assert.Equal(12.0 / 16, m.Accuracy, 12);
        Assert.Equal((5.0 / 6 + 0.5 + 1) / 3, m.BalancedAccuracy, 12);
        Assert.Equal((10.0 / 13 + 3.0 / 5 + 8.0 / 9) / 3, m.MacroF1, 12);
        Assert.Equal(new[] { 5.0 / 6, 0.5, 1 }, m.Recall.Select(r => Math.Round(r, 12)).ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(5.0 / 7, m.Precision[0], 12);
        Assert.Equal(((5.0 / 6) + 1) / 2, m.MeanRecall([0, 2]), 12);
    }

    [Fact]
    public void PredictionsGiveTheSameConfusionMatrix()
    {
        var truth = new List<long>();
        var predicted = new List<long>();
        for (int t = 0; t < 3; t++)
            for (int p = 0; p < 3; p++)
                for (int k = 0; k < Confusion[t, p]; k++) { truth.Add(t); predicted.Add(p); }
        var m = ClassificationMetrics.FromPredictions(truth, predicted, 3);
        Assert.Equal(Confusion, m.Confusion);
        Assert.Equal(ClassificationMetrics.FromConfusion(Confusion).MacroF1, m.MacroF1, 12);
    }

    [Fact]
    public void ClassesAbsentFromTheTestSetFollowScikitLearn()
    {
        // Class 3 never occurs (neither true nor predicted): left out of macro F1 and balanced accuracy.
        // Class 2 is predicted once but never true: in macro F1 (F1 = 0), not in balanced accuracy.
        long[,] c = { { 4, 0, 1, 0 }, { 0, 5, 0, 0 }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } };
        var m = ClassificationMetrics.FromConfusion(c);
        Assert.Equal((0.8 + 1.0) / 2, m.BalancedAccuracy, 12);
        Assert.Equal((2 * 4.0 / (5 + 4) + 1.0 + 0) / 3, m.MacroF1, 12);
        Assert.Equal(0, m.F1[2]);
    }

    [Fact]
    public void AClassifierThatAlwaysSaysTheMajorityClassScoresOneOverKBalancedAccuracy()
    {
        var truth = Enumerable.Range(0, 100).Select(i => i < 90 ? 0L : i < 95 ? 1L : 2L).ToArray();
        var m = ClassificationMetrics.FromPredictions(truth, new long[100], 3);
        Assert.Equal(0.9, m.Accuracy, 12);                   // plain accuracy flatters it
        Assert.Equal(1.0 / 3, m.BalancedAccuracy, 12);       // balanced accuracy does not
        Assert.Equal(0, m.MeanRecall([1, 2]));
    }
}
