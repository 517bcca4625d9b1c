namespace TidyGan.Data;

/// <summary>Anatomical slicing plane, chosen by world (RAS) orientation, not by voxel axis.</summary>
public enum SliceAxis
{
    /// <summary>Perpendicular to superior–inferior: displayed anterior up, patient left on image right.</summary>
    Axial,
    /// <summary>Perpendicular to anterior–posterior: displayed superior up, patient left on image right.</summary>
    Coronal,
    /// <summary>Perpendicular to left–right: displayed superior up, anterior on image left.</summary>
    Sagittal,
}
