using TidyGan.Data;
using TidyGan.Metrics.Features;

namespace TidyGan.Tests.Metrics.Features;

/// <summary>A domain feature network trained once per test class: 1 epoch on 1000 Fashion-MNIST images, seed 3.</summary>
public sealed class SmallFeatureNetwork : IDisposable
{
    private readonly TempDirectory directory = new();

    public SmallFeatureNetwork() => Accuracy = Train(directory.Path);

    public string Path => directory.Path;

    public double Accuracy { get; }

    public static double Train(string folder)
    {
        using var train = Datasets.Load("fashion-mnist", new DatasetOptions(Size: 28, Train: true, Limit: 1000));
        using var test = Datasets.Load("fashion-mnist", new DatasetOptions(Size: 28, Train: false, Limit: 200));
        return DomainFeatures.Train(train, test, folder, epochs: 1, seed: 3);
    }

    /// <summary>Copy the saved files into <paramref name="folder"/> (for tests that damage them).</summary>
    public void CopyTo(string folder)
    {
        foreach (var file in Directory.GetFiles(Path))
            File.Copy(file, System.IO.Path.Combine(folder, System.IO.Path.GetFileName(file)));
    }

    public void Dispose() => directory.Dispose();
}
