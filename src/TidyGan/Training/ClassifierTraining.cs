using TidyGan.Data;
using TidyGan.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>Plain supervised training and evaluation of an <see cref="ImageClassifier"/> (Adam, cross-entropy).</summary>
public static class ClassifierTraining
{
    public static void Fit(ImageClassifier classifier, Tensor images, Tensor labels, int epochs = 2, int batchSize = 128,
        double learningRate = 1e-3, int seed = 0)
    {
        using var optimizer = optim.Adam(classifier.parameters(), learningRate);
        using var random = new Generator((ulong)seed);
        long n = images.shape[0];
        classifier.train();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            using var order = randperm(n, generator: random);
            for (long start = 0; start + batchSize <= n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var index = order.narrow(0, start, batchSize);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(classifier.call(images.index_select(0, index)), labels.index_select(0, index));
                loss.backward();
                optimizer.step();
            }
        }
        classifier.eval();
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
