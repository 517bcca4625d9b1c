namespace TidyGan.Data;

/// <summary>
/// Where segmentation runs get their slices: a domain name and a split → labelled slices. The built-in head domains
/// (<see cref="HeadDomains"/>: slabs of one volume) or cohorts (<see cref="CohortDomains"/>: subjects).
/// </summary>
public interface ILabelledDomains
{
    LabelledSlices Load(string domain, SegmentationSplit split);

    /// <summary>Whether <paramref name="domain"/>'s <paramref name="split"/> has reference labels to score against.</summary>
    bool HasLabels(string domain, SegmentationSplit split) => true;
}

/// <summary>
/// Cohort domains of one run: the labelled source and, for adaptation, the target (<see cref="CohortLabelledSlices"/>).
/// Train → the train split's subjects, Test → the test split's. The target's training slices are loaded without labels
/// (they never reach the trainer); its test slices carry labels when the target cohort has the label modality.
/// </summary>
public sealed class CohortDomains(SegmentationCohort labelled, SegmentationCohort? target, HeadDomainOptions options, int classes) : ILabelledDomains
{
    public LabelledSlices Load(string domain, SegmentationSplit split)
    {
        bool isTarget = target is not null && domain == target.Name && domain != labelled.Name;
        var source = isTarget ? target! : domain == labelled.Name ? labelled
            : throw new ArgumentException($"unknown segmentation domain '{domain}'; this run has {labelled.Name}{(target is null ? "" : " and " + target.Name)}");
        bool withLabels = isTarget ? split == SegmentationSplit.Test && source.Labels is not null : true;
        return CohortLabelledSlices.Load(source, split == SegmentationSplit.Test ? "test" : "train", options, classes, withLabels);
    }

    public bool HasLabels(string domain, SegmentationSplit split) =>
        domain == labelled.Name || (target is not null && domain == target.Name && split == SegmentationSplit.Test && target.Labels is not null);
}
