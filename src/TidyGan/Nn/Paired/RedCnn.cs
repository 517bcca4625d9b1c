using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn.Paired;

/// <summary>
/// RED-CNN (Chen et al. 2017, "Low-dose CT with a residual encoder-decoder convolutional neural network"): five 5×5
/// convolutions without padding (each shrinks the image by 4 px), five 5×5 transposed convolutions back, ReLUs, and three
/// shortcuts (input → output, after conv2 → after tconv3, after conv4 → after tconv1), so the network learns the noise to
/// remove. As eeulig/ldct-benchmark's version, there is no ReLU after the last shortcut (the images are normalised to
/// [−1, 1], not non-negative). The paper's width is 96; any image of more than 20 px works (no down-sampling).
/// Weights start as PyTorch's defaults, as ldct-benchmark's: the paper's N(0, 0.01) left a 16-filter network almost untrainable
/// in a few dozen steps here (the ten small layers shrink the gradient).
/// </summary>
public sealed class RedCnn : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2, conv3, conv4, conv5;
    private readonly ConvTranspose2d tconv1, tconv2, tconv3, tconv4, tconv5;

    public RedCnn(int channels = 1, int width = 96) : base(nameof(RedCnn))
    {
        if (width < 1) throw new ArgumentException($"RED-CNN: width must be positive (got {width})");
        conv1 = Conv2d(channels, width, 5);          // state size: width × (S−4)²
        conv2 = Conv2d(width, width, 5);             // S−8 (shortcut 2 taken here)
        conv3 = Conv2d(width, width, 5);             // S−12
        conv4 = Conv2d(width, width, 5);             // S−16 (shortcut 3 taken here)
        conv5 = Conv2d(width, width, 5);             // S−20
        tconv1 = ConvTranspose2d(width, width, 5);   // S−16, + shortcut 3
        tconv2 = ConvTranspose2d(width, width, 5);   // S−12
        tconv3 = ConvTranspose2d(width, width, 5);   // S−8, + shortcut 2
        tconv4 = ConvTranspose2d(width, width, 5);   // S−4
        tconv5 = ConvTranspose2d(width, channels, 5); // S, + the input
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = functional.relu(conv2.call(functional.relu(conv1.call(x))));
        var shortcut2 = h;
        h = functional.relu(conv4.call(functional.relu(conv3.call(h))));
        var shortcut3 = h;
        h = functional.relu(conv5.call(h));
        h = tconv1.call(h) + shortcut3;
        h = tconv3.call(functional.relu(tconv2.call(functional.relu(h)))) + shortcut2;
        return tconv5.call(functional.relu(tconv4.call(functional.relu(h)))) + x;
    }
}
