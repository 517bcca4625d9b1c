using TidyGan.Data;
using TidyGan.Data.CtPhysics;

namespace TidyGan.Cli.Commands;

/// <summary>The PNG of `lowdose simulate`: the middle axial slice as full dose | low dose (brain window 40/80 HU) | low − full (±100 HU).</summary>
internal static class LowDosePanel
{
    private const float Lower = 0, Upper = 80, DifferenceRange = 100;

    public static void Write(string path, LowDoseVolumePair pair)
    {
        int z = pair.FullDose.SizeZ / 2;
        var full = pair.FullDose.Slice(SliceAxis.Axial, z, out int height, out int width);
        var low = pair.LowDose.Slice(SliceAxis.Axial, z, out _, out _);
        var panel = new float[height * width * 3];
        for (int i = 0; i < height; i++)
            for (int j = 0; j < width; j++)
            {
                int at = i * width + j, row = i * width * 3;
                panel[row + j] = full[at];
                panel[row + width + j] = low[at];
                // Map ±DifferenceRange onto the same grey scale as the window.
                float difference = Math.Clamp((low[at] - full[at]) / DifferenceRange, -1, 1);
                panel[row + 2 * width + j] = Lower + (difference + 1) / 2 * (Upper - Lower);
            }
        PngIO.WriteGrey(path, panel, width * 3, height, Lower, Upper);
    }
}
