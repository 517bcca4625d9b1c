using TidyGan.IO;
using TidyGan.Data;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>Which generator of a Cycle-GAN to apply.</summary>
public enum TranslationDirection { AToB, BToA }

/// <summary>A translated volume in the input's space, plus the slices as the network saw them (for montages and metrics).</summary>
/// <param name="Output">Same shape, affine and spacing as the input; HU (int16 on disk) when the target domain is CT.</param>
/// <param name="NetworkInput">[N, 1, S, S] normalised input slices on the training grid (head slices only).</param>
/// <param name="NetworkOutput">[N, 1, S, S] normalised output slices on the training grid.</param>
/// <param name="SliceIndices">Axial slice index (world order) of each network slice.</param>
public sealed record Translation(Volume Output, Tensor NetworkInput, Tensor NetworkOutput, int[] SliceIndices, DataDescription Source, DataDescription Target) : IDisposable
{
    public void Dispose()
    {
        NetworkInput.Dispose();
        NetworkOutput.Dispose();
    }
}

/// <summary>How a network's output slices become voxels: the mapping to physical values, the value outside the slices'
/// field of view, and the volume's intensity kind, NIfTI data type and description.</summary>
public sealed record SliceOutput(Func<Tensor, Tensor> ToVoxels, float Fill, IntensityKind Kind, NiftiDataType DataType, string Description);

/// <summary>
/// Applies a 2-D Cycle-GAN or paired model (pix2pix, a denoiser) to a whole volume, slice by slice: the input is head-masked, normalised and cut into
/// axial slices on the training grid exactly as for training (any orientation, read from the affine; any
/// spacing: each slice is resampled to the training pixel size around the head's centre), translated in
/// batches, mapped to physical units and resampled back onto the input's own voxel grid.
/// </summary>
public static class VolumeTranslator
{
    /// <param name="network">
    /// The generator's forward pass on one CPU batch of prepared slices [n, C, S, S] in [−1, 1] → [n, C, S, S]; null:
    /// TidyGan's own generator of <paramref name="model"/> on its device. `translate --engine onnx` passes ONNX Runtime's
    /// run of the same generator (Export.OnnxImageNetwork); everything else here is the same for every engine.
    /// </param>
    public static Translation Translate(CycleGan model, Volume input, TranslationDirection direction, int batchSize = 16,
        IProgress<(int Done, int Total)>? progress = null, Func<Tensor, Tensor>? network = null)
    {
        var config = model.Config;
        var (source, target) = direction == TranslationDirection.AToB ? (config.DomainA, config.DomainB) : (config.DomainB, config.DomainA);
        var generator = direction == TranslationDirection.AToB ? model.Generators.AToB : model.Generators.BToA;
        return Translate(generator, input, source, target, config.Model.ImageSize, config.FieldOfViewMm, config.MaxDepthMm, batchSize, progress, network);
    }

    /// <summary>A paired model's input → target (`denoise`): the same slicing, batching and resampling back as a Cycle-GAN's.</summary>
    public static Translation Translate(IPairedModel model, Volume input, int batchSize = 16,
        IProgress<(int Done, int Total)>? progress = null, Func<Tensor, Tensor>? network = null) =>
        Translate(model.Translator, input, model.Domains.Input, model.Domains.Target, model.ImageSize, model.Domains.FieldOfViewMm,
            model.Domains.MaxDepthMm, batchSize, progress, network);

    /// <summary>
    /// Any slice-wise network on a volume of <paramref name="domain"/> (e.g. an anomaly map): the same slicing onto the training
    /// grid (<paramref name="fieldOfViewMm"/> null: the head box plus the datasets' margin, as slicing without a fixed field of
    /// view does), batching and resampling back onto the input's voxel grid, with <paramref name="output"/> saying how the
    /// network's values become voxel values.
    /// </summary>
    public static Translation Apply(Func<Tensor, Tensor> network, Volume input, DataDescription domain, int size, double? fieldOfViewMm,
        double? maxDepthMm, SliceOutput output, int batchSize = 16, IProgress<(int Done, int Total)>? progress = null) =>
        Translate(null, input, domain, domain, size, fieldOfViewMm, maxDepthMm, batchSize, progress, network, output);

    private static Translation Translate(nn.Module<Tensor, Tensor>? generator, Volume input, DataDescription source, DataDescription target,
        int size, double? fieldOfViewMm, double? maxDepthMm, int batchSize, IProgress<(int Done, int Total)>? progress, Func<Tensor, Tensor>? network,
        SliceOutput? output = null)
    {
        if (generator is null && network is null) throw new ArgumentException("a generator or a network is needed");
        if (batchSize < 1) throw new ArgumentException($"batch size must be ≥ 1 (got {batchSize})");
        if (input.Shape.Length == 4) input = input.Frame(0);

        // Normalisation and head mask as the training data had them (Datasets: ct-head / mr-head).
        var (intensity, threshold, background) = Preparation(input, source);
        var mask = HeadMask.Compute(input, threshold);
        var masked = HeadMask.Apply(input, mask, background);
        var maskVolume = input.WithVoxels(mask.Select(m => m ? 1f : 0f).ToArray());

        const SliceAxis axis = SliceAxis.Axial;
        var geometry = VolumeSlicer.Geometry(input, axis);
        int count = VolumeSlicer.SliceCount(input, axis);
        var (area, boxes, h, w) = VolumeSliceSet.HeadBoxes(maskVolume, axis, count);
        var headSlices = Enumerable.Range(0, count).Where(k => area[k] > 0).ToList();
        // Centre on the head box as training did: with a depth limit, the box of the slices within it only.
        var inBox = headSlices.Count > 0 && maxDepthMm is double depthLimit
            ? VolumeSliceSet.DepthBelowVertex(input.Source, input, axis, area).Select(d => d <= depthLimit + 1e-6).ToArray()
            : Enumerable.Repeat(true, count).ToArray();
        var (top, bottom, left, right) = VolumeSliceSet.Union(boxes, inBox);
        if (headSlices.Count == 0) throw new UserException($"{input.Source}: no head found (no voxel above {threshold} {intensity.Unit})");

        // The training grid: a square field of view around the head box centre, sampled finely, then shrunk (antialiased).
        double rowSp = geometry.RowSpacing, colSp = geometry.ColumnSpacing, fine = Math.Min(rowSp, colSp);
        double cy = (top + bottom) / 2.0, cx = (left + right) / 2.0;
        double sideMm = fieldOfViewMm ?? Math.Max((bottom - top + 1) * rowSp, (right - left + 1) * colSp) * (1 + 2 * new DatasetOptions().Margin);
        int sideFine = Math.Max(size, (int)Math.Ceiling(sideMm / fine));
        double pixel = sideFine * fine / size;                 // mm per network pixel
        var inputs = new float[headSlices.Count * sideFine * sideFine];
        for (int i = 0; i < headSlices.Count; i++)
        {
            var s = VolumeSlicer.Slice(masked, axis, headSlices[i], out _, out _);
            var sq = VolumeSliceSet.SampleSquare(s, h, w, rowSp, colSp, cy, cx, fine, sideFine, background);
            for (int p = 0; p < sq.Length; p++) sq[p] = intensity.ToNormalized(sq[p]);
            sq.CopyTo(inputs, i * sideFine * sideFine);
        }
        Tensor networkInput;
        using (var scope = NewDisposeScope())
        {
            var t = tensor(inputs, [headSlices.Count, 1, sideFine, sideFine]);
            networkInput = Resample.Resize(t, size, size, antialias: true).clamp(-1, 1).MoveToOuterDisposeScope();
        }

        var device = generator?.parameters().First().device ?? CPU;
        var outputs = new List<Tensor>();
        using (no_grad())
            for (int start = 0; start < headSlices.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int n = Math.Min(batchSize, headSlices.Count - start);
                var batch = networkInput.narrow(0, start, n);
                var y = network is null ? generator!.call(batch.to(device)).cpu() : network(batch);
                outputs.Add(y.MoveToOuterDisposeScope());
                progress?.Report((start + n, headSlices.Count));
            }
        var networkOutput = cat(outputs, 0);
        foreach (var o in outputs) o.Dispose();

        // Back onto the input's voxel grid: bilinear from the network output, background outside its field of view.
        bool targetIsCt = target.IntensityUnit == "HU";
        output ??= new SliceOutput(target.Intensity.ToPhysical, targetIsCt ? -1024f : (float)target.IntensityLow,
            targetIsCt ? IntensityKind.Hounsfield : IntensityKind.Unknown, targetIsCt ? NiftiDataType.Int16 : NiftiDataType.Float32, "translated");
        var physical = output.ToVoxels(networkOutput).contiguous();
        var values = physical.data<float>().ToArray();
        physical.Dispose();
        float fill = output.Fill;
        var volume = new Volume(Enumerable.Repeat(fill, input.VoxelsPerFrame).ToArray(), input.Shape[..3], input.Affine,
            output.Kind, output.DataType, output.Description, input.Spacing[..3]);
        double c = (size - 1) / 2.0;
        var slice = new float[h * w];
        for (int i = 0; i < headSlices.Count; i++)
        {
            var image = values.AsSpan(i * size * size, size * size);
            for (int y = 0; y < h; y++)
            {
                double gy = c + (y - cy) * rowSp / pixel;
                for (int x = 0; x < w; x++)
                    slice[y * w + x] = Resample.Bilinear(image, size, size, gy, c + (x - cx) * colSp / pixel, fill);
            }
            VolumeSlicer.SetSlice(volume, axis, headSlices[i], slice);
        }
        return new Translation(volume, networkInput, networkOutput, [.. headSlices], source, target);
    }

    /// <summary>
    /// The training data's normalisation, head threshold and background for a volume of <paramref name="domain"/>: CT → the
    /// recorded HU window; MR → this scan's own mapping by the rule the run recorded (<see cref="DataDescription.MrIntensity"/>:
    /// whole-volume percentiles for runs that recorded none), exactly as <see cref="Datasets"/> prepared the training volumes.
    /// </summary>
    public static (IIntensityMapping Intensity, float HeadThreshold, float Background) Preparation(Volume volume, DataDescription domain)
    {
        if (domain.IntensityUnit == "HU") return (domain.Intensity, Datasets.CtHeadThresholdHu, -1024f);
        var (intensity, threshold, background, _) = MrPreparation.Prepare(volume, domain.MrIntensity);
        return (intensity, threshold, background);
    }
}
