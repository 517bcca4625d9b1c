using TidyGan.Nn;
using TidyGan.Training;
using TorchSharp;

namespace TidyGan.Metrics;

/// <summary>CAS and its real-data baseline: accuracy on real test images of the same classifier trained on generated vs on real images.</summary>
public sealed record CasScore(double Accuracy, double RealBaseline, int TrainCount, int TestCount, int Epochs);

/// <summary>
/// Classification accuracy score (Ravuri &amp; Vinyals 2019): train a classifier only on generated images,
/// labelled with the class they were conditioned on, and test it on real held-out images. It asks
/// whether the samples carry what a classifier needs, which FD does not. The same classifier, budget
/// and number of training images on real data give the baseline to read it against.
/// </summary>
public static class ClassificationAccuracyScore
{
    public static CasScore Compute(torch.Tensor fakeImages, torch.Tensor fakeLabels, torch.Tensor realTrainImages, torch.Tensor realTrainLabels,
        torch.Tensor realTestImages, torch.Tensor realTestLabels, int classCount, int epochs = 3, int seed = 0)
    {
        if (fakeImages.shape[0] != fakeLabels.shape[0]) throw new ArgumentException($"CAS: {fakeImages.shape[0]} generated images but {fakeLabels.shape[0]} labels");
        if (realTestImages.shape[0] == 0) throw new ArgumentException("CAS: no real test images");
        if (fakeImages.shape[1] != realTestImages.shape[1] || fakeImages.shape[2] != realTestImages.shape[2])
            throw new ArgumentException($"CAS: generated images are {Shape(fakeImages)} but real ones {Shape(realTestImages)}");
        int n = (int)fakeImages.shape[0];
        double cas = TrainAndTest(fakeImages, fakeLabels);
        // Baseline on as many real training images as there were generated ones.
        long m = Math.Min(n, realTrainImages.shape[0]);
        double baseline = TrainAndTest(realTrainImages.narrow(0, 0, m), realTrainLabels.narrow(0, 0, m));
        return new CasScore(cas, baseline, n, (int)realTestImages.shape[0], epochs);

        double TrainAndTest(torch.Tensor images, torch.Tensor labels)
        {
            torch.manual_seed(seed);
            using var classifier = new ImageClassifier((int)images.shape[1], classCount);
            ClassifierTraining.Fit(classifier, images, labels, epochs, batchSize: Math.Min(128, (int)images.shape[0]), seed: seed);
            return ClassifierTraining.Accuracy(classifier, realTestImages, realTestLabels);
        }
    }

    private static string Shape(torch.Tensor t) => $"[{string.Join(", ", t.shape.Skip(1))}]";
}
