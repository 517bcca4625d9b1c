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
