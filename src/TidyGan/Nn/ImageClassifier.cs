using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn;

/// <summary>
/// A small CNN classifier for single-channel or RGB images of any size ≥ 8: the judge that checks a
/// conditional GAN draws the class it was asked for (and, later, a domain feature network).
/// </summary>
public sealed class ImageClassifier : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Sequential head;

    public ImageClassifier(int channels, int classCount, int width = 32) : base(nameof(ImageClassifier))
    {
        features = Sequential(
            ("conv1", Conv2d(channels, width, 3, padding: 1)), ("bn1", BatchNorm2d(width)), ("act1", ReLU()),
            ("pool1", MaxPool2d(2)),                                              // state size: width × H/2 × W/2
            ("conv2", Conv2d(width, width * 2, 3, padding: 1)), ("bn2", BatchNorm2d(width * 2)), ("act2", ReLU()),
            ("pool2", MaxPool2d(2)),                                              // state size: 2·width × H/4 × W/4
            ("conv3", Conv2d(width * 2, width * 4, 3, padding: 1)), ("bn3", BatchNorm2d(width * 4)), ("act3", ReLU()),
            ("pool3", AdaptiveAvgPool2d(4)), ("flatten", Flatten()),             // state size: 4·width × 4 × 4 (keeps where things are)
            ("fc1", Linear(width * 4 * 16, FeatureDim)), ("act4", ReLU()));       // state size: 128
        head = Sequential(("dropout", Dropout(0.3)), ("fc2", Linear(FeatureDim, classCount)));
        RegisterComponents();
    }

    /// <summary>Length of <see cref="Features"/>.</summary>
    public const int FeatureDim = 128;

    /// <summary>Class logits [N, classes].</summary>
    public override Tensor forward(Tensor images) => head.call(features.call(images));

    /// <summary>The penultimate features [N, <see cref="FeatureDim"/>].</summary>
    public Tensor Features(Tensor images) => features.call(images);

    /// <summary>The last convolutional block's maps [N, 4·width, H/4, W/4] (before pooling): what a perceptual loss compares,
    /// as WGAN-VGG compares VGG's conv5_4 maps; spatial, so it sees where textures differ.</summary>
    public Tensor FeatureMaps(Tensor images)
    {
        var x = images;
        foreach (var (name, layer) in features.named_children())
        {
            if (name == "pool3") break;
            x = ((Module<Tensor, Tensor>)layer).call(x);
        }
        return x;
    }
}
