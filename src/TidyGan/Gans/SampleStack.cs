using TidyGan.Data;
using TorchSharp;

namespace TidyGan.Gans;

/// <summary>
/// Writes generated slices as one NIfTI volume (slice i = image i) in physical units: HU as int16 for
/// CT models, float32 otherwise, in the training slices' geometry when they came from a volume.
/// </summary>
public static class SampleStack
{
    public static void Write(torch.Tensor images, DataDescription data, string path)
    {
        using var gray = images.shape[1] == 1 ? images.alias() : images.mean([1], keepdim: true);   // a NIfTI slice is one channel
        bool hounsfield = data.IntensityUnit == "HU";
        var geometry = data.Geometry ?? new SliceGeometry(SliceAxis.Axial, 1, 1, 1, [0, 0, 0]);
        var volume = SliceStack.ToVolume(gray, geometry, data.Intensity,
            hounsfield ? IntensityKind.Hounsfield : IntensityKind.Unknown, hounsfield ? NiftiDataType.Int16 : NiftiDataType.Float32);
        NiftiWriter.Write(path, volume, volume.SourceDataType);
    }
}
