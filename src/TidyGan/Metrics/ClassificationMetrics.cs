namespace TidyGan.Metrics;

/// <summary>
/// Scores of a classifier on a labelled test set, from its confusion matrix (rows = true class, columns =
/// predicted). Definitions as scikit-learn's: recall_c = TP/(TP+FN), precision_c = TP/(TP+FP), F1_c their
/// harmonic mean (0 when TP = 0); balanced accuracy = mean recall over the classes present in the test set;
/// macro F1 = unweighted mean of F1 over the classes that occur in the truth or the predictions (scikit-learn's
/// default labels); a class that never occurs in either is left out.
/// </summary>
public sealed record ClassificationMetrics(double Accuracy, double BalancedAccuracy, double MacroF1,
    IReadOnlyList<double> Recall, IReadOnlyList<double> Precision, IReadOnlyList<double> F1, long[,] Confusion)
{
    public static ClassificationMetrics FromPredictions(IReadOnlyList<long> truth, IReadOnlyList<long> predicted, int classCount)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions");
        var confusion = new long[classCount, classCount];
        for (int i = 0; i < truth.Count; i++) confusion[truth[i], predicted[i]]++;
        return FromConfusion(confusion);
    }

    public static ClassificationMetrics FromConfusion(long[,] confusion)
    {
        int k = confusion.GetLength(0);
        if (confusion.GetLength(1) != k) throw new ArgumentException("the confusion matrix must be square");
        var recall = new double[k];
        var precision = new double[k];
        var f1 = new double[k];
        long total = 0, correct = 0;
        var present = new List<double>();
        var occurring = new List<double>();
        for (int c = 0; c < k; c++)
        {
            long tp = confusion[c, c], actual = 0, called = 0;
            for (int j = 0; j < k; j++) { actual += confusion[c, j]; called += confusion[j, c]; }
            total += actual;
            correct += tp;
            recall[c] = actual == 0 ? 0 : (double)tp / actual;
            precision[c] = called == 0 ? 0 : (double)tp / called;
            f1[c] = tp == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
            if (actual > 0) present.Add(recall[c]);
            if (actual + called > 0) occurring.Add(f1[c]);
        }
        if (total == 0) throw new ArgumentException("the confusion matrix is empty");
        return new ClassificationMetrics((double)correct / total, present.Average(), occurring.Average(), recall, precision, f1, confusion);
    }

    /// <summary>Mean recall over the given classes (the minority classes of an imbalance experiment).</summary>
    public double MeanRecall(IEnumerable<int> classes) => classes.Select(c => Recall[c]).Average();
}
