using TorchSharp;

namespace TidyGan.Data;

/// <summary>Turns a stack of (generated) normalised slices back into a physical-unit volume that can be written as NIfTI.</summary>
public static class SliceStack
{
    /// <summary>
    /// [N, 1, H, W] (or [N, H, W]) in [−1, 1] → Volume of shape [W, H, N] (x = column, y = row, z = slice) in
    /// physical units, with the affine of <see cref="SliceGeometry.StackAffine"/>.
    /// </summary>
    public static Volume ToVolume(torch.Tensor slices, SliceGeometry geometry, IIntensityMapping intensity,
        IntensityKind kind = IntensityKind.Unknown, NiftiDataType dataType = NiftiDataType.Float32)
    {
        using var scope = torch.NewDisposeScope();
        var t = slices.dim() == 4 ? slices.select(1, 0) : slices;
        if (t.dim() != 3) throw new ArgumentException("expected [N, 1, H, W] or [N, H, W]", nameof(slices));
        int n = (int)t.shape[0], h = (int)t.shape[1], w = (int)t.shape[2];
        var physical = intensity.ToPhysical(t.cpu().to_type(torch.ScalarType.Float32).contiguous());
        // Row-major [N, H, W] is already x (column) fastest, then y (row), then z (slice).
        var data = physical.data<float>().ToArray();
        return new Volume(data, [w, h, n], geometry.StackAffine(), kind, dataType, "generated",
            [geometry.ColumnSpacing, geometry.RowSpacing, geometry.SliceSpacing]);
    }
}
