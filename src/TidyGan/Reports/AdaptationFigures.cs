using ScottPlot;
using SkiaSharp;
using TidyGan.Data;
using TidyGan.IO;
using static TorchSharp.torch;

namespace TidyGan.Reports;

/// <summary>Figures of the domain-adaptation experiment: predictions side by side, a PCA of segmenter features, the CT reference mask.</summary>
public static class AdaptationFigures
{
    /// <summary>Label maps (0, 1, 2) as grey levels black / grey / white in [−1, 1].</summary>
    public static Tensor LabelsAsImages(Tensor labels) => labels.to_type(ScalarType.Float32).sub(1).unsqueeze(1);

    /// <summary>
    /// One row per chosen slice (evenly spread over the test set): image | reference | each prediction, labels drawn
    /// black (background), grey (head), white (brain). Row labels name the slice index.
    /// </summary>
    public static void PredictionGrid(string path, Tensor images, Tensor reference, IReadOnlyList<Tensor> predictions, int[] sliceIndices, int rows = 6)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0];
        rows = (int)Math.Min(rows, n);
        var picks = Enumerable.Range(0, rows).Select(i => (long)((i + 0.5) * n / rows)).ToArray();
        var index = tensor(picks);
        var columns = new List<Tensor> { images.index_select(0, index), LabelsAsImages(reference.index_select(0, index)) };
        columns.AddRange(predictions.Select(p => LabelsAsImages(p.index_select(0, index))));
        var grid = stack(columns, 1).flatten(0, 1);
        ImageGrid.Save(grid, path, columns.Count, upscale: 3, rowLabels: picks.Select(p => $"z{sliceIndices[p]}").ToList());
    }

    /// <summary>Panels of a 2-D PCA (fitted per panel on both domains together) of pooled features [n, d] of source and target slices.</summary>
    public static void FeaturePca(string path, IReadOnlyList<(string Title, Tensor Source, Tensor Target)> panels, string sourceName, string targetName, int panelSize = 480)
    {
        Fonts.EnsureRegistered();
        using var surface = SKSurface.Create(new SKImageInfo(panels.Count * panelSize, panelSize));
        surface.Canvas.Clear(SKColors.White);
        for (int i = 0; i < panels.Count; i++)
        {
            var (s, t) = Project(panels[i].Source, panels[i].Target);
            using var plot = new Plot();
            plot.Font.Set(Fonts.Name);
            var a = plot.Add.ScatterPoints(s.Select(p => p.X).ToArray(), s.Select(p => p.Y).ToArray(), Colors.C0.WithAlpha(0.7));
            a.LegendText = sourceName;
            a.MarkerSize = 5;
            var b = plot.Add.ScatterPoints(t.Select(p => p.X).ToArray(), t.Select(p => p.Y).ToArray(), Colors.C1.WithAlpha(0.7));
            b.LegendText = targetName;
            b.MarkerSize = 5;
            b.MarkerShape = MarkerShape.OpenCircle;
            plot.Title(panels[i].Title);
            plot.XLabel("PC 1");
            plot.YLabel("PC 2");
            plot.ShowLegend(Alignment.UpperRight);
            using var panel = SKImage.FromEncodedData(plot.GetImageBytes(panelSize, panelSize, ImageFormat.Png));
            surface.Canvas.DrawImage(panel, i * panelSize, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>Both sets projected on the first two principal components of their union (centred, SVD).</summary>
    public static ((double X, double Y)[] Source, (double X, double Y)[] Target) Project(Tensor source, Tensor target)
    {
        using var scope = NewDisposeScope();
        var all = cat([source, target], 0).to_type(ScalarType.Float64);
        var centred = all - all.mean([0], keepdim: true);
        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);
        var projected = centred.matmul(vh.narrow(0, 0, 2).t()).contiguous();
        var xy = projected.data<double>().ToArray();
        int n = (int)source.shape[0];
        var points = Enumerable.Range(0, xy.Length / 2).Select(i => (xy[2 * i], xy[2 * i + 1])).ToArray();
        return (points[..n], points[n..]);
    }

    /// <summary>
    /// The CT reference mask for the doc: per chosen slice the CT in a brain window (−20…120 HU) and its labels
    /// (black background, grey head, white brain), at the CT's own resolution.
    /// </summary>
    public static void CtMaskMontage(string path, Volume ct, int[] labels, IReadOnlyList<int> slices)
    {
        using var scope = NewDisposeScope();
        var labelVolume = ct.WithVoxels(labels.Select(l => (float)l).ToArray());
        var tiles = new List<Tensor>();
        foreach (var k in slices)
        {
            var image = VolumeSlicer.Slice(ct, SliceAxis.Axial, k, out int h, out int w);
            var label = VolumeSlicer.Slice(labelVolume, SliceAxis.Axial, k, out _, out _);
            tiles.Add(tensor(image.Select(v => Math.Clamp((v + 20f) / 140f * 2 - 1, -1f, 1f)).ToArray(), [1, 1, h, w]));
            tiles.Add(tensor(label.Select(v => v - 1f).ToArray(), [1, 1, h, w]));
        }
        ImageGrid.Save(cat(tiles, 0), path, 4, rowLabels: null);
    }
}
