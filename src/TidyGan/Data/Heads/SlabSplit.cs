namespace TidyGan.Data;

/// <summary>
/// Disjoint, interleaved slabs of axial slices: consecutive runs of <c>slabSlices</c> slices are dealt
/// round-robin to the sets (slab 0 → set 0, slab 1 → set 1, …), so every set covers the whole head height
/// while no slice (and no slab's near-identical neighbours) is in two sets.
/// </summary>
public static class SlabSplit
{
    /// <summary>For each set, the slice indices (ascending) it receives from <paramref name="slices"/>.</summary>
    public static int[][] Split(IReadOnlyList<int> slices, int slabSlices, int sets)
    {
        if (slabSlices < 1) throw new ArgumentException($"a slab needs at least one slice (got {slabSlices})");
        if (sets < 1) throw new ArgumentException($"need at least one set (got {sets})");
        var result = Enumerable.Range(0, sets).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < slices.Count; i++) result[i / slabSlices % sets].Add(slices[i]);
        return result.Select(r => r.ToArray()).ToArray();
    }
}
