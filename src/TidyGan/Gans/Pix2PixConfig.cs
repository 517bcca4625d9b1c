using System.Text.Json.Serialization;
using TidyGan.Nn.Paired;

namespace TidyGan.Gans;

/// <summary>Everything a pix2pix checkpoint needs: the networks and losses, the reference's Adam (2e-4, β1 0.5) and the paired domains.</summary>
public sealed record Pix2PixConfig(Pix2PixOptions Model, PairedDomains Data) : IPairedOptions
{
    /// <summary>The reference's Adam for G and for D: 2e-4, β = (0.5, 0.999).</summary>
    public AdamOptions Adam { get; init; } = AdamOptions.Paper;

    [JsonIgnore] public ModelKind Kind => ModelKind.Pix2Pix;

    public Pix2PixConfig Validate()
    {
        Model.Validate();
        Adam.Validate();
        Data.Validate();
        return this;
    }
}
