using TidyGan.Data;
using TidyGan.Metrics;
using TorchSharp;

namespace TidyGan.Tests.Metrics;

[Collection(GlobalRandomState.Name)]
public class ClassificationAccuracyScoreTests
{
    /// <summary>"Generated" images that are real ones with right labels score like the baseline; with shuffled labels, like chance.</summary>
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void RightLabelsScoreHighAndShuffledLabelsScoreChance()
    {
        using var train = Datasets.Load("fashion-mnist", new DatasetOptions(Size: 28, Train: true, Limit: 6000));
        using var test = Datasets.Load("fashion-mnist", new DatasetOptions(Size: 28, Train: false, Limit: 2000));
        using var fake = train.Images.narrow(0, 3000, 3000);
        using var fakeLabels = train.Labels!.narrow(0, 3000, 3000);
        using var random = new torch.Generator(7);
        using var shuffled = fakeLabels.index_select(0, torch.randperm(3000, generator: random));

        var right = ClassificationAccuracyScore.Compute(fake, fakeLabels, train.Images, train.Labels!, test.Images, test.Labels!, 10, epochs: 2);
        var wrong = ClassificationAccuracyScore.Compute(fake, shuffled, train.Images, train.Labels!, test.Images, test.Labels!, 10, epochs: 2);

        Assert.True(right.Accuracy > 0.7, $"CAS with right labels {right.Accuracy:P1}");
        Assert.True(Math.Abs(right.Accuracy - right.RealBaseline) < 0.1, $"{right.Accuracy:P1} vs baseline {right.RealBaseline:P1}");
        Assert.InRange(wrong.Accuracy, 0.0, 0.25);
    }
}
