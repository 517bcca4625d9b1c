using TidyGan.Data;
using TidyGan.Training;
using TorchSharp;

namespace TidyGan.Gans;

/// <summary>
/// Writes generated slices as one NIfTI volume (slice i = image i) in physical units: HU as int16 for
/// CT models, float32 otherwise, with the training data's pixel spacing when it came from a volume.
/// </summary>
public static class SampleStack
{
    public static Volume ToVolume(torch.Tensor images, DataDescription data)
    {
        if (images.dim() != 4) throw new ArgumentException($"expected images [N, C, H, W], got {images.dim()} dimensions");
        int n = (int)images.shape[0], height = (int)images.shape[2], width = (int)images.shape[3];
        using var gray = images.shape[1] == 1 ? images.squeeze(1) : images.mean([1]);   // a NIfTI slice is one channel
        var normalized = gray.contiguous().data<float>().ToArray();
        var voxels = new float[normalized.Length];
        for (int k = 0; k < n; k++)
            for (int row = 0; row < height; row++)
                for (int column = 0; column < width; column++)
                {
                    // Image rows run top (anterior) to bottom; NIfTI's y axis runs posterior → anterior.
                    int x = column, y = height - 1 - row;
                    voxels[x + width * (y + height * k)] = (float)data.ToPhysical(normalized[(k * height + row) * width + column]);
                }
        double pixel = data.PixelSpacing ?? 1, slice = data.SliceSpacing ?? pixel;
        bool hounsfield = data.IntensityUnit == "HU";
        return new Volume(voxels, [width, height, n], Volume.DiagonalAffine(pixel, pixel, slice),
            hounsfield ? IntensityKind.Hounsfield : IntensityKind.Unknown);
    }

    public static void Write(torch.Tensor images, DataDescription data, string path)
    {
        var volume = ToVolume(images, data);
        NiftiWriter.Write(path, volume, volume.Kind == IntensityKind.Hounsfield ? NiftiDataType.Int16 : NiftiDataType.Float32);
    }
}
