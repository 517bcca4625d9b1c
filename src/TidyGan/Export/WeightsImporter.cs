using System.Text.Json;
using System.Text.RegularExpressions;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Nn.CycleGan;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>What a state_dict is the weights of (`tidygan import --kind`).</summary>
public enum ImportKind
{
    /// <summary>pytorch/examples' DC-GAN netG (and optionally netD): a `dcgan` run.</summary>
    DcGan,
    /// <summary>The reference Cycle-GAN's G_A (ResnetGenerator or UnetGenerator; optionally G_B): a `cyclegan` run.</summary>
    CycleGanGenerator,
}

/// <summary>An import: the state_dict file(s), the run folder to create and the options weights cannot tell.</summary>
/// <param name="From">The main state_dict: DC-GAN's netG, Cycle-GAN's G_A (A → B).</param>
/// <param name="Second">Optional: DC-GAN's netD, Cycle-GAN's G_B (B → A). Without it that network starts from the paper's initialisation.</param>
/// <param name="ImageSize">Cycle-GAN ResNet generators only (their weights fit any size): the image side (default 256, the reference's crop).</param>
/// <param name="Data">DC-GAN: what the images of the given size are (domain, unit, window; e.g. from loading the data set);
/// null: "imported", [−1, 1], no unit.</param>
/// <param name="Domains">Cycle-GAN: domains A and B at the given size (null: placeholders).</param>
/// <param name="DropInstanceNormStatistics">Drop InstanceNorm running_mean/running_var/num_batches_tracked keys, as the reference's
/// load_networks does for checkpoints of its versions that tracked them; otherwise they are extra keys.</param>
/// <param name="MaxDepthMm">Cycle-GAN: the head depth (mm along the axial axis) the model was trained on, which `translate` then
/// limits itself to (as for a TidyGan-trained run); null: the whole head.</param>
public sealed record ImportRequest(string From, ImportKind Kind, string RunFolder, string? Second = null, int? ImageSize = null,
    Func<int, DataDescription>? Data = null, Func<int, (DataDescription A, DataDescription B)>? Domains = null, double FieldOfViewMm = 240,
    bool DropInstanceNormStatistics = false, double? MaxDepthMm = null);

/// <summary>What was imported.</summary>
public sealed record ImportResult(string Checkpoint, ModelKind Kind, IModelOptions Options, int Tensors, IReadOnlyList<string> Notes);

/// <summary>
/// Builds a TidyGan checkpoint (step 0, a run folder `sample`, `translate`, `export` and `train --resume` use) from reference
/// state_dicts (docs/weights.md). The architecture is read from the weights' shapes; a missing key, an extra key or a wrong
/// shape is one error listing all of them.
/// </summary>
public static class WeightsImporter
{
    public static ImportKind ParseKind(string text) => text.ToLowerInvariant() switch
    {
        "dcgan" => ImportKind.DcGan,
        "cyclegan-g" or "cyclegan" => ImportKind.CycleGanGenerator,
        _ => throw new UserException($"--kind '{text}' is not one of dcgan, cyclegan-g"),
    };

    /// <exception cref="UserException">The files do not fit, or <see cref="ImportRequest.RunFolder"/> already holds a run.</exception>
    public static ImportResult Import(ImportRequest request)
    {
        if (Directory.Exists(System.IO.Path.Combine(request.RunFolder, Checkpoint.Folder)))
            throw new UserException($"{request.RunFolder} already holds a run (a {Checkpoint.Folder} folder): import into a new folder");
        using var main = WeightsExporter.Read(request.From);
        using var second = request.Second is null ? null : WeightsExporter.Read(request.Second);
        var notes = new List<string>();
        IModelOptions options;
        DataDescription data;
        switch (request.Kind)
        {
            case ImportKind.DcGan:
            {
                var g = InferDcGanGenerator(main, request.From);
                int ndf = second is null ? g.GeneratorWidth : (int)Shape(second, "main.0.weight", request.Second!)[0];
                var model = (g with { DiscriminatorWidth = ndf }).Validate();
                options = new DcGanConfig(model).Validate();
                data = request.Data?.Invoke(model.ImageSize) ?? Placeholder("imported", model.ImageSize, model.Channels);
                if (data.Size != model.ImageSize || data.Channels != model.Channels)
                    throw new UserException($"the data are {data.Size} px × {data.Channels} channel(s) but the generator makes {model.ImageSize} px × {model.Channels}");
                break;
            }
            case ImportKind.CycleGanGenerator:
            {
                var model = InferCycleGenerator(main, request.From, request.ImageSize);
                if (second is not null)
                {
                    var other = InferCycleGenerator(second, request.Second!, model.ImageSize);
                    if (other != model)
                        throw new UserException($"{request.Second}: G_B ({Describe(other)}) is not the same architecture as G_A ({Describe(model)})");
                }
                foreach (var layers in new[] { 3, 2, 1 })
                {
                    try { model = (model with { DiscriminatorLayers = layers }).Validate(); break; }
                    catch (ArgumentException) when (layers > 1) { }
                }
                if (model.DiscriminatorLayers != 3)
                    notes.Add($"PatchGAN with {model.DiscriminatorLayers} layers (3 would leave no output patch at {model.ImageSize} px)");
                var (a, b) = request.Domains?.Invoke(model.ImageSize)
                    ?? (Placeholder("imported-a", model.ImageSize, model.Channels), Placeholder("imported-b", model.ImageSize, model.Channels));
                if (a.Channels != model.Channels || b.Channels != model.Channels)
                    throw new UserException($"the domains have {a.Channels} and {b.Channels} channel(s) but the generator takes {model.Channels}");
                options = new CycleGanConfig(model, AdversarialLossKind.LeastSquares, a, b, request.FieldOfViewMm, MaxDepthMm: request.MaxDepthMm).Validate();
                data = ((CycleGanConfig)options).DomainA;
                break;
            }
            default: throw new ArgumentOutOfRangeException(nameof(request));
        }

        manual_seed(0);                                          // whatever is not imported starts from a repeatable paper init
        using var gan = ModelCatalog.Create(options);
        int tensors = 0;
        switch (gan)
        {
            case DcGan:
                tensors += Load(gan.Generator, main, request.From, false);
                if (second is not null) tensors += Load(gan.Discriminator, second, request.Second!, false);
                else notes.Add("no --discriminator: the discriminator starts from DC-GAN's initialisation (N(0, 0.02)); sampling does not use it");
                break;
            case Gans.CycleGan:
                var pair = (CycleGenerators)gan.Generator;
                tensors += Load(pair.AToB, main, request.From, request.DropInstanceNormStatistics);
                if (second is not null) tensors += Load(pair.BToA, second, request.Second!, request.DropInstanceNormStatistics);
                else notes.Add("no --from-b2a: the b2a generator (G_B) starts from the reference's initialisation; translate only a2b");
                notes.Add("the discriminators start from the reference's initialisation");
                break;
        }

        var manifest = new CheckpointManifest
        {
            Kind = gan.Kind,
            Step = 0,
            ModelOptions = JsonSerializer.SerializeToNode(options, options.GetType(), Checkpoint.Json)!,
            Trainer = new TrainerOptions(),
            Data = data,
        };
        using var random = new Generator(0);
        var folder = Checkpoint.Save(request.RunFolder, manifest, gan.Generator, gan.Discriminator, null, gan.Optimizers, random, keep: 1);
        return new ImportResult(folder, gan.Kind, options, tensors, notes);
    }

    /// <summary>
    /// Copies <paramref name="file"/>'s tensors into <paramref name="network"/> by the reference layout, after checking every
    /// key and shape; returns the number of tensors.
    /// </summary>
    /// <exception cref="UserException">Missing keys, extra keys, wrong shapes or dtypes: all of them, listed.</exception>
    public static int Load(nn.Module network, StateDict file, string source, bool dropInstanceNormStatistics = false)
    {
        var layout = ReferenceLayout.For(network);
        var state = network.state_dict();
        var expected = layout.Pairs.ToDictionary(p => p.Reference, p => state[p.TidyGan]);
        var fileKeys = file.Keys.ToList();
        var dropped = new List<string>();
        if (dropInstanceNormStatistics)
        {
            dropped = fileKeys.Where(k => !expected.ContainsKey(k) && Regex.IsMatch(k, @"\.(running_mean|running_var|num_batches_tracked)$")
                && !expected.ContainsKey(Regex.Replace(k, @"\.[a-z_]+$", ".weight"))).ToList();
            fileKeys = fileKeys.Except(dropped).ToList();
        }
        var missing = expected.Keys.Where(k => !file.TryGet(k, out _)).ToList();
        var extra = fileKeys.Where(k => !expected.ContainsKey(k)).ToList();
        var wrong = new List<string>();
        foreach (var (key, target) in expected)
        {
            if (!file.TryGet(key, out var t)) continue;
            if (!t.shape.SequenceEqual(target.shape) || t.dtype != target.dtype)
                wrong.Add($"{key}: {StateDict.Shape(t.shape)} {t.dtype} in the file, {StateDict.Shape(target.shape)} {target.dtype} expected");
        }
        if (missing.Count + extra.Count + wrong.Count > 0)
        {
            var lines = new List<string> { $"{source} does not fit {network.GetType().Name} (the reference's {layout.ReferenceClass}):" };
            if (missing.Count > 0) lines.Add($"  missing keys ({missing.Count}): {string.Join(", ", missing)}");
            if (extra.Count > 0) lines.Add($"  extra keys ({extra.Count}): {string.Join(", ", extra)}");
            if (wrong.Count > 0) lines.Add($"  wrong shapes or dtypes ({wrong.Count}):{string.Concat(wrong.Select(w => "\n    " + w))}");
            if (extra.Count > 0 && !dropInstanceNormStatistics && network is ResnetGenerator or UnetGenerator &&
                extra.All(k => Regex.IsMatch(k, @"\.(running_mean|running_var|num_batches_tracked)$")))
                lines.Add("  (these look like InstanceNorm statistics of a reference checkpoint saved with track_running_stats=True; the reference's " +
                    "load_networks deletes them: --drop-instance-norm-stats does the same)");
            throw new UserException(string.Join('\n', lines));
        }
        using var noGrad = no_grad();
        foreach (var (tidy, reference) in layout.Pairs)
        {
            file.TryGet(reference, out var t);
            state[tidy].copy_(t);
        }
        return layout.Pairs.Count;
    }

    /// <summary>DC-GAN options from netG's shapes: main.0 [nz, ngf·2^(k−1), b, b], main.{3k} [ngf, nc, 4, 4].</summary>
    private static DcGanOptions InferDcGanGenerator(StateDict file, string source)
    {
        var convs = file.Entries.Select(e => (Match: Regex.Match(e.Key, @"^main\.(\d+)\.weight$"), e.Value))
            .Where(e => e.Match.Success && e.Value.dim() == 4).Select(e => (Index: int.Parse(e.Match.Groups[1].Value), Shape: e.Value.shape))
            .OrderBy(e => e.Index).ToList();
        if (convs.Count < 2 || convs[0].Index != 0)
            throw new UserException($"{source}: not a DC-GAN generator state_dict (pytorch/examples' netG has main.0.weight … main.12.weight); " +
                $"its keys: {string.Join(", ", file.Keys.Take(12))}{(file.Count > 12 ? ", …" : "")}");
        int k = convs.Count - 1, b = (int)convs[0].Shape[2];
        var options = new DcGanOptions(ImageSize: b << k, Channels: (int)convs[^1].Shape[1], LatentDim: (int)convs[0].Shape[0],
            GeneratorWidth: (int)convs[^1].Shape[0]);
        try { return options.Validate(); }
        catch (ArgumentException e) { throw new UserException($"{source}: its shapes describe no TidyGan DC-GAN: {e.Message}"); }
    }

    /// <summary>Cycle-GAN generator options from G's shapes: ResNet (model.1 [ngf, c, 7, 7], blocks counted) or U-Net (levels counted).</summary>
    private static CycleGanOptions InferCycleGenerator(StateDict file, string source, int? size)
    {
        if (file.TryGet("model.1.weight", out var first) && first.dim() == 4)
        {
            int blocks = file.Keys.Select(k => Regex.Match(k, @"^model\.(\d+)\.conv_block\.1\.weight$")).Where(m => m.Success)
                .Select(m => m.Groups[1].Value).Distinct().Count();
            var kind = blocks switch
            {
                6 => CycleGeneratorKind.ResNet6,
                9 => CycleGeneratorKind.ResNet9,
                _ => throw new UserException($"{source}: a ResnetGenerator with {blocks} residual blocks; TidyGan builds resnet_6blocks and resnet_9blocks"),
            };
            return Validate(new CycleGanOptions { ImageSize = size ?? 256, Channels = (int)first.shape[1], Generator = kind,
                GeneratorWidth = (int)first.shape[0], DiscriminatorWidth = (int)first.shape[0] }, source);
        }
        if (file.TryGet("model.model.0.weight", out var outer) && outer.dim() == 4)
        {
            int levels = file.Keys.Max(k => Regex.Count(k, @"(?<=^|\.)model\.")) - 1;
            int unetSize = 1 << levels;
            if (size is { } s && s != unetSize)
                throw new UserException($"{source}: a UnetGenerator of {levels} levels works on {unetSize} px images, not --size {s}");
            return Validate(new CycleGanOptions { ImageSize = unetSize, Channels = (int)outer.shape[1], Generator = CycleGeneratorKind.UNet,
                GeneratorWidth = (int)outer.shape[0], DiscriminatorWidth = (int)outer.shape[0] }, source);
        }
        throw new UserException($"{source}: neither a ResnetGenerator (model.1.weight …) nor a UnetGenerator (model.model.0.weight …) state_dict; " +
            $"its keys: {string.Join(", ", file.Keys.Take(12))}{(file.Count > 12 ? ", …" : "")}");
    }

    private static CycleGanOptions Validate(CycleGanOptions options, string source)
    {
        try { return (options with { DiscriminatorLayers = 1 }).Validate(); }
        catch (ArgumentException e) { throw new UserException($"{source}: its shapes describe no TidyGan Cycle-GAN generator: {e.Message}"); }
    }

    private static long[] Shape(StateDict file, string key, string source) =>
        file.TryGet(key, out var t) ? t.shape : throw new UserException($"{source}: no '{key}': not a DC-GAN discriminator state_dict");

    private static string Describe(CycleGanOptions o) => $"{o.Generator}, {o.GeneratorWidth} filters, {o.Channels} channel(s), {o.ImageSize} px";

    private static DataDescription Placeholder(string name, int size, int channels) => new(name, size, channels, [], "", -1, 1);
}
