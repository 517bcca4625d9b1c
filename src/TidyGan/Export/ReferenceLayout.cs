using System.Text.RegularExpressions;
using TidyGan.IO;
using TidyGan.Nn;
using TidyGan.Nn.CycleGan;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>
/// How a TidyGan network's state_dict keys map onto the reference implementation's (docs/weights.md): pytorch/examples
/// <c>dcgan/main.py</c>'s <c>Generator</c>/<c>Discriminator</c> (one <c>main</c> nn.Sequential, layers numbered by
/// position) and junyanz/pytorch-CycleGAN-and-pix2pix's <c>ResnetGenerator</c>, <c>UnetGenerator</c> and
/// <c>NLayerDiscriminator</c> (whose keys TidyGan's Cycle-GAN networks already use). Shapes are the same tensor for
/// tensor; only names change. Networks with no reference counterpart are refused, never renamed by guess.
/// </summary>
public sealed class ReferenceLayout
{
    private readonly List<(string TidyGan, string Reference)> pairs;

    private ReferenceLayout(string referenceClass, string source, List<(string, string)> pairs)
    {
        ReferenceClass = referenceClass;
        Source = source;
        // PyTorch's state_dict goes module by module (each module's parameters, then its buffers); TorchSharp lists all
        // parameters, then all buffers. Grouping by module, in order of first appearance, gives PyTorch's order.
        this.pairs = pairs.GroupBy(p => p.Item2[..Math.Max(0, p.Item2.LastIndexOf('.'))]).SelectMany(g => g).ToList();
    }

    /// <summary>The reference class whose <c>state_dict()</c> these keys are, e.g. "Generator (pytorch/examples dcgan/main.py)".</summary>
    public string ReferenceClass { get; }

    /// <summary>Where the reference class is defined.</summary>
    public string Source { get; }

    /// <summary>(TidyGan key, reference key), in the order PyTorch's state_dict() of the reference lists them.</summary>
    public IReadOnlyList<(string TidyGan, string Reference)> Pairs => pairs;

    /// <summary>The layout of <paramref name="network"/>'s state_dict.</summary>
    /// <exception cref="UserException">The network has no reference counterpart (e.g. a layer-norm critic, the C-GAN generator).</exception>
    public static ReferenceLayout For(nn.Module network)
    {
        var keys = network.state_dict().Keys.ToList();
        switch (network)
        {
            case DcGanGenerator:
                return new("Generator", "pytorch/examples dcgan/main.py", keys.Select(k => (k, Rename(k, network, [
                    (@"^main\.conv(\d+)\.(weight)$", m => $"main.{3 * Index(m)}.{m.Groups[2].Value}"),
                    (@"^main\.bn(\d+)\.(weight|bias|running_mean|running_var|num_batches_tracked)$", m => $"main.{3 * Index(m) + 1}.{m.Groups[2].Value}"),
                ]))).ToList());
            case DcGanDiscriminator d:
                if (d.Options.DiscriminatorNorm != DiscriminatorNorm.BatchNorm)
                    throw new UserException("this DC-GAN critic uses layer norm (WGAN-GP), which pytorch/examples' Discriminator has no counterpart of: " +
                        "only its generator can be exported in the reference's layout");
                int k = d.Options.Steps;
                return new("Discriminator", "pytorch/examples dcgan/main.py", keys.Select(key => (key, Rename(key, network, [
                    (@"^features\.conv0\.(weight)$", m => $"main.0.{m.Groups[1].Value}"),
                    (@"^features\.conv(\d+)\.(weight)$", m => $"main.{3 * Index(m) - 1}.{m.Groups[2].Value}"),
                    (@"^features\.bn(\d+)\.(weight|bias|running_mean|running_var|num_batches_tracked)$", m => $"main.{3 * Index(m)}.{m.Groups[2].Value}"),
                    (@"^head\.(weight)$", m => $"main.{3 * k - 1}.{m.Groups[1].Value}"),
                ]))).ToList());
            case ResnetGenerator:
                return Same("ResnetGenerator", network, keys, @"^model\.\d+\.(conv_block\.\d+\.)?(weight|bias)$");
            case UnetGenerator:
                return Same("UnetGenerator", network, keys, @"^model\.(model\.\d+\.)*(weight|bias)$");
            case PatchDiscriminator:
                return Same("NLayerDiscriminator", network, keys, @"^model\.\d+\.(weight|bias)$");
            default:
                throw new UserException($"{network.GetType().Name} has no reference implementation to take key names from " +
                    "(PyTorch/safetensors export covers the DC-GAN generator and discriminator and the Cycle-GAN generators and PatchGAN)");
        }
    }

    private static int Index(Match m) => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static ReferenceLayout Same(string referenceClass, nn.Module network, List<string> keys, string pattern) =>
        new(referenceClass, "junyanz/pytorch-CycleGAN-and-pix2pix models/networks.py",
            keys.Select(k => (k, Regex.IsMatch(k, pattern) ? k : throw Unmapped(k, network))).ToList());

    private static string Rename(string key, nn.Module network, (string Pattern, Func<Match, string> Map)[] rules)
    {
        foreach (var (pattern, map) in rules)
        {
            var m = Regex.Match(key, pattern);
            if (m.Success) return map(m);
        }
        throw Unmapped(key, network);
    }

    private static UserException Unmapped(string key, nn.Module network) =>
        new($"{network.GetType().Name}: state_dict key '{key}' has no counterpart in the reference implementation; refusing rather than guessing");
}
