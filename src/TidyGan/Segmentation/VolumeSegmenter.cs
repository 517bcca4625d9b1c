using TidyGan.IO;
using TidyGan.Data;
using TidyGan.Gans;
using static TorchSharp.torch;

namespace TidyGan.Segmentation;

/// <summary>
/// Segments a whole volume slice by slice and returns the label map on the input's own voxel grid (same shape,
/// affine and spacing): the input is prepared as the training data were (CT: head = HU &gt; −500, the fixed HU
/// window; MR: head by a percentile threshold, per-slice percentile normalisation), cut into axial slices on the
/// network grid centred on the head, segmented, and the class probabilities are resampled bilinearly back onto
/// every voxel of every head slice before taking the most probable class. Voxels off the grid are background.
/// </summary>
public static class VolumeSegmenter
{
    public static Volume Segment(SegmentationModel model, Volume input, int batchSize = 32) =>
        Segment(input, model.Config.Data.FieldOfViewMm, model.Config.Model.ImageSize, set => model.Probabilities(set.Images, batchSize),
            model.Config.PredictAsCt);

    /// <summary>
    /// The same with any implementation of the trained U-Net: <paramref name="logitsOf"/> maps one batch of prepared slices
    /// [n, 1, S, S] to class logits [n, C, S, S] (`segment predict --engine onnx` passes ONNX Runtime's run of the exported
    /// network); probabilities are their softmax over classes, batch by batch, as <see cref="SegmentationModel.Probabilities"/> does.
    /// </summary>
    public static Volume Segment(SegmentationConfig config, Volume input, Func<Tensor, Tensor> logitsOf, int batchSize = 32) =>
        Segment(input, config.Data.FieldOfViewMm, config.Model.ImageSize, set =>
        {
            var parts = new List<Tensor>();
            try
            {
                for (long start = 0; start < set.Images.shape[0]; start += batchSize)
                {
                    using var scope = NewDisposeScope();
                    long n = Math.Min(batchSize, set.Images.shape[0] - start);
                    parts.Add(nn.functional.softmax(logitsOf(set.Images.narrow(0, start, n)), 1).MoveToOuterDisposeScope());
                }
                return cat(parts, 0);
            }
            finally
            {
                foreach (var p in parts) p.Dispose();
            }
        }, config.PredictAsCt);

    /// <summary>The same with any source of class probabilities [N, C, S, S] for the prepared slices (tests use the reference labels).</summary>
    /// <param name="ct">CT or MR preparation; null: <see cref="Datasets.LooksLikeCt"/> decides.</param>
    public static Volume Segment(Volume input, double fieldOfViewMm, int size, Func<LabelledSlices, Tensor> probabilitiesOf, bool? ct = null)
    {
        if (input.Shape.Length == 4) input = input.Frame(0);
        using var set = LabelledSlices.Prepare(input.Source, input, null, fieldOfViewMm, size, 0, ct);
        var slices = set.SliceIndices;
        using var probabilities = probabilitiesOf(set).contiguous();
        var p = probabilities.data<float>().ToArray();
        int classes = (int)probabilities.shape[1], plane = size * size;
        var output = new Volume(new float[input.VoxelsPerFrame], input.Shape[..3], input.Affine, IntensityKind.Unknown, NiftiDataType.UInt8,
            "segmentation", input.Spacing[..3]);
        var grid = set.Grid;
        var labels = new float[grid.Height * grid.Width];
        for (int i = 0; i < slices.Length; i++)
        {
            for (int y = 0; y < grid.Height; y++)
                for (int x = 0; x < grid.Width; x++)
                {
                    var (r, c) = grid.ToNetwork(y, x);
                    int best = 0;
                    float bestP = float.NegativeInfinity;
                    for (int k = 0; k < classes; k++)
                    {
                        float value = Resample.Bilinear(p.AsSpan((i * classes + k) * plane, plane), size, size, r, c, k == 0 ? 1f : 0f);
                        if (value > bestP) (best, bestP) = (k, value);
                    }
                    labels[y * grid.Width + x] = best;
                }
            VolumeSlicer.SetSlice(output, SliceAxis.Axial, slices[i], labels);
        }
        return output;
    }
}
