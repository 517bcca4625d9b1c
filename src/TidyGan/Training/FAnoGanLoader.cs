using TidyGan.Gans;
using TidyGan.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>Builds an <see cref="FAnoGan"/> on the trained G and D of the WGAN-GP run its options name, and loads a
/// trained f-AnoGAN checkpoint whole (E, and the frozen G and D it saved) for scoring.</summary>
public static class FAnoGanLoader
{
    /// <summary>The options of a new f-AnoGAN on the WGAN-GP run at <paramref name="ganPath"/> (a run or checkpoint folder).</summary>
    public static FAnoGanConfig For(string ganPath, double kappa = FAnoGanConfig.PaperKappa)
    {
        var folder = Checkpoint.Resolve(ganPath);
        var manifest = Checkpoint.ReadManifest(folder);
        if (manifest.Kind != ModelKind.WganGp)
            throw new CheckpointException(folder, $"holds a '{manifest.Kind.Name()}' model; f-AnoGAN encodes a WGAN-GP (train one with `tidygan train dcgan --loss wgan-gp`)");
        var gan = (WganGpConfig)ModelCatalog.ReadOptions(manifest, folder);
        return new FAnoGanConfig(Path.GetFullPath(folder), gan, kappa).Validate();
    }

    /// <summary>A new f-AnoGAN: a fresh E on G (its EMA copy when the run kept one, as sampling uses) and D of the named run.</summary>
    public static FAnoGan Create(FAnoGanConfig config)
    {
        config.Validate();
        using var wgan = CheckpointLoader.Load<WganGp>(config.GanCheckpoint);
        var generator = new DcGanGenerator(config.Gan.Model);
        var critic = new DcGanDiscriminator(config.Gan.Model);
        generator.load_state_dict(wgan.Generator.state_dict());
        Checkpoint.LoadModule(critic, Path.Combine(wgan.Folder, Checkpoint.DiscriminatorFile));
        return new FAnoGan(config, generator, critic);
    }

    /// <summary>A trained f-AnoGAN (a run or checkpoint folder) with E (EMA when kept), G and D as that checkpoint saved them.</summary>
    public static TrainedModel<FAnoGan> Load(string path, Device? device = null)
    {
        var model = CheckpointLoader.Load<FAnoGan>(path, device);
        Checkpoint.LoadModule(model.Gan.Frozen, Path.Combine(model.Folder, Checkpoint.DiscriminatorFile));
        model.Gan.Frozen.to(device ?? CPU);
        model.Gan.Frozen.eval();
        return model;
    }
}
