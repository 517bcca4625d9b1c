namespace TidyGan.Data;

/// <summary>
/// The three labels every domain here can be given honestly: 0 = background (outside the head mask),
/// 1 = head but not brain (scalp, skull, face, neck), 2 = brain (the brain mask of the domain).
/// </summary>
public static class HeadLabels
{
    public const int Background = 0;
    public const int Head = 1;
    public const int Brain = 2;
    public const int Count = 3;

    public static IReadOnlyList<string> Names { get; } = ["background", "head (not brain)", "brain"];

    /// <summary>Label map from a head mask and a brain mask on one grid (brain wins; brain outside the head is still brain).</summary>
    public static int[] FromMasks(bool[] head, bool[] brain)
    {
        if (head.Length != brain.Length) throw new ArgumentException($"head mask has {head.Length} voxels, brain mask {brain.Length}");
        var labels = new int[head.Length];
        for (int i = 0; i < labels.Length; i++) labels[i] = brain[i] ? Brain : head[i] ? Head : Background;
        return labels;
    }
}
