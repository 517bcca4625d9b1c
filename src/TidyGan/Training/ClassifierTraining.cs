using TidyGan.IO;
using TidyGan.Data;
using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>Plain supervised training and evaluation of an <see cref="ImageClassifier"/> (Adam, cross-entropy).</summary>
public static class ClassifierTraining
{
    /// <summary>Whole epochs: every pass a fresh shuffle, the last incomplete batch of each pass dropped.</summary>
    public static void Fit(ImageClassifier classifier, Tensor images, Tensor labels, int epochs = 2, int batchSize = 128,
        double learningRate = 1e-3, int seed = 0)
    {
        int batchesPerEpoch = (int)(images.shape[0] / batchSize);
        if (epochs < 1 || batchesPerEpoch < 1) { classifier.eval(); return; }
        // The step budget reshuffles exactly when a pass has no full batch left, so this is the same run.
        Fit(classifier, images, labels, classCount: 0, new ClassifierBudget(epochs * batchesPerEpoch, batchSize, learningRate),
            ClassImbalanceRemedy.None, seed);
    }

    /// <summary>
    /// Trains for exactly <see cref="ClassifierBudget.Steps"/> steps of <see cref="ClassifierBudget.BatchSize"/> images,
    /// whatever the size of the set (reshuffled each pass; with <see cref="ClassImbalanceRemedy.Oversample"/>, drawn with
    /// replacement ∝ 1/n_c). Order and augmentation are functions of <paramref name="seed"/>.
    /// </summary>
    public static void Fit(ImageClassifier classifier, Tensor images, Tensor labels, int classCount, ClassifierBudget budget,
        ClassImbalanceRemedy remedy, int seed, IProgress<int>? progress = null)
    {
        budget.Validate();
        long n = images.shape[0];
        if (n == 0) throw new ArgumentException("classifier training set is empty");
        int batch = (int)Math.Min(budget.BatchSize, n);
        var counts = bincount(labels, minlength: classCount).to(float64);
        using var perClass = counts.clamp_min(1);
        // n / (K · n_c) for the classes that occur; absent classes get weight 0 (they never appear in a batch anyway).
        using var classWeights = remedy.ClassWeightedLoss ? (counts.gt(0).to(float64) * n / (counts.gt(0).sum() * perClass)).to(float32) : null;
        using var sampleWeights = remedy.Oversample ? perClass.reciprocal().index_select(0, labels) : null;
        counts.Dispose();
        using var optimizer = optim.Adam(classifier.parameters(), budget.LearningRate);
        using var random = new Generator((ulong)seed);
        Tensor? order = null;
        long position = n;
        classifier.train();
        for (int step = 0; step < budget.Steps; step++)
        {
            using var scope = NewDisposeScope();
            Tensor index;
            if (sampleWeights is not null) index = multinomial(sampleWeights, batch, replacement: true, generator: random);
            else
            {
                if (position + batch > n) { order?.Dispose(); order = randperm(n, generator: random).DetachFromDisposeScope(); position = 0; }
                index = order!.narrow(0, position, batch);
                position += batch;
            }
            var x = images.index_select(0, index);
            if (remedy.Augmentation is { } augmentation) x = Augmentation.Apply(x, augmentation, StableSeed.Mix(seed, step, 0xA6)).Images;
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(classifier.call(x), labels.index_select(0, index), weight: classWeights);
            loss.backward();
            optimizer.step();
            progress?.Report(step + 1);
        }
        order?.Dispose();
        classifier.eval();
    }

    /// <summary>Predicted class of every image, in evaluation mode, in chunks.</summary>
    public static Tensor Predict(ImageClassifier classifier, Tensor images, int batchSize = 512)
    {
        classifier.eval();
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += batchSize)
        {
            using var logits = classifier.call(images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start)));
            parts.Add(logits.argmax(1));
        }
        var all = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    public static double Accuracy(ImageClassifier classifier, Tensor images, Tensor labels)
    {
        using var predicted = Predict(classifier, images);
        using var correct = predicted.eq(labels).to(float64).mean();
        return correct.item<double>();
    }
}
