using TidyGan.Data;
using TidyGan.Data.CtPhysics;
using static TorchSharp.torch;

namespace TidyGan.Experiments.LowDose;

/// <summary>
/// The head CT as the experiment sees it, before any dose: axial slices in HU [N, 1, H, W], the head mask, and the test
/// slab with lesions inserted (<see cref="LesionInsertion"/>, in soft tissue inside the head) plus its noiseless
/// reconstruction (the projector and FBP without noise: the "truth" that noise is measured against).
/// </summary>
public sealed class LowDosePhantom : IDisposable
{
    public required Tensor TrainSlices { get; init; }
    public required Tensor TestSlices { get; init; }
    public required Tensor TestTruth { get; init; }
    public required Tensor TestLesionMasks { get; init; }
    public required bool[] TestHeadMask { get; init; }
    public required IReadOnlyList<InsertedLesion> Lesions { get; init; }
    public required double PixelSpacingMm { get; init; }
    public int Rows => (int)TestSlices.shape[2];
    public int Columns => (int)TestSlices.shape[3];

    /// <summary>Reads the Cranium CT and prepares both slabs.</summary>
    public static LowDosePhantom Load(LowDoseExperimentOptions options)
    {
        Datasets.Require("ct-head", "invesalius-examples", Datasets.CraniumPath);
        return FromVolume(InVesaliusReader.Read(Datasets.CraniumPath), options);
    }

    public static LowDosePhantom FromVolume(Volume volume, LowDoseExperimentOptions options)
    {
        if (Math.Abs(volume.Spacing[0] - volume.Spacing[1]) > 1e-3)
            throw new ArgumentException($"{volume.Source}: in-plane pixels must be square for the projector (spacing {volume.Spacing[0]} × {volume.Spacing[1]} mm)");
        int nx = volume.SizeX, ny = volume.SizeY, nz = volume.SizeZ;
        if (options.TrainSlices.End > nz || options.TestSlices.End > nz)
            throw new ArgumentException($"{volume.Source} has {nz} axial slices; the slabs {options.TrainSlices} and {options.TestSlices} need {Math.Max(options.TrainSlices.End, options.TestSlices.End)}");
        using var scope = NewDisposeScope();
        var all = tensor(volume.Voxels).view(nz, 1, ny, nx);        // x fastest: memory is [z, y, x]
        var head = HeadMask.Compute(volume, Datasets.CtHeadThresholdHu);
        var headTensor = tensor(head).view(nz, 1, ny, nx);
        var test = all.narrow(0, options.TestSlices.Start, options.TestSlices.Count);
        var testHead = headTensor.narrow(0, options.TestSlices.Start, options.TestSlices.Count);
        // Lesions only where they are low-contrast by construction: soft tissue, a few mm inside the head.
        var allowed = LesionInsertion.SoftTissueMask(test).logical_and(testHead);
        var lesions = LesionInsertion.Insert(test, allowed, volume.Spacing[0], options.Lesions, options.LesionSeed);
        var truth = LowDoseSimulator.Noiseless(lesions.Images, volume.Spacing[0], options.Scan);
        return new LowDosePhantom
        {
            TrainSlices = all.narrow(0, options.TrainSlices.Start, options.TrainSlices.Count).contiguous().MoveToOuterDisposeScope(),
            TestSlices = lesions.Images.MoveToOuterDisposeScope(),
            TestTruth = truth.MoveToOuterDisposeScope(),
            TestLesionMasks = lesions.Masks.MoveToOuterDisposeScope(),
            TestHeadMask = testHead.reshape(-1).data<bool>().ToArray(),
            Lesions = lesions.Lesions,
            PixelSpacingMm = volume.Spacing[0],
        };
    }

    public void Dispose()
    {
        TrainSlices.Dispose();
        TestSlices.Dispose();
        TestTruth.Dispose();
        TestLesionMasks.Dispose();
    }
}

/// <summary>One simulated scan of both slabs at one dose and noise seed: full-dose and low-dose reconstructions in HU.</summary>
public sealed record LowDoseScan(Tensor TrainFull, Tensor TrainLow, Tensor TestFull, Tensor TestLow) : IDisposable
{
    public static LowDoseScan Simulate(LowDosePhantom phantom, LowDoseExperimentOptions options, double dose, int seed)
    {
        var scan = options.Scan with { Dose = dose };
        using var random = new Generator((ulong)seed);
        using var train = LowDoseSimulator.Simulate(phantom.TrainSlices, phantom.PixelSpacingMm, scan, random);
        using var test = LowDoseSimulator.Simulate(phantom.TestSlices, phantom.PixelSpacingMm, scan, random);
        return new LowDoseScan(train.FullDose.clone(), train.LowDose.clone(), test.FullDose.clone(), test.LowDose.clone());
    }

    public void Dispose()
    {
        TrainFull.Dispose();
        TrainLow.Dispose();
        TestFull.Dispose();
        TestLow.Dispose();
    }
}
