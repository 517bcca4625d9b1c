using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.IO;

namespace TidyGan.Segmentation;

/// <summary>One domain's test scores after training: slice counts, Dice/HD95 per class, and the subjects scored (cohorts);
/// <see cref="Note"/> says why a domain has no scores (no labels, no test subjects).</summary>
public sealed record DomainScores(string Domain, int TrainSlices, int TestSlices, IReadOnlyList<ClassScore> Classes,
    IReadOnlyList<string> Subjects, string? Note = null);

/// <summary>
/// The final scoring `segment train` and `adapt` do: Dice and HD95 per class on the test split of the labelled domain and,
/// for adaptation, of the target (when its test split has labels). Only test slices are scored; the train split is loaded to
/// report its slice count.
/// </summary>
public static class SegmentationEvaluation
{
    public static IReadOnlyList<DomainScores> TestScores(SegmentationModel model, ILabelledDomains domains, SegmentationConfig config)
    {
        var result = new List<DomainScores>();
        foreach (var domain in new[] { config.LabelledDomain, config.TargetDomain }.OfType<string>().Distinct())
        {
            if (!domains.HasLabels(domain, SegmentationSplit.Test))
            {
                result.Add(new DomainScores(domain, 0, 0, [], [], "no label maps: not scored"));
                continue;
            }
            LabelledSlices test;
            try { test = domains.Load(domain, SegmentationSplit.Test); }
            catch (UserException e) { result.Add(new DomainScores(domain, 0, 0, [], [], e.Message)); continue; }
            using (test)
            {
                int trainCount;
                using (var train = domains.Load(domain, SegmentationSplit.Train)) trainCount = train.Count;
                using var predicted = model.Predict(test.Images);
                var scores = SegmentationScores.Of(predicted, test.Labels!, test.Grid.PixelMm, config.ClassNames);
                result.Add(new DomainScores(domain, trainCount, test.Count, scores, test.Subjects?.Distinct().ToList() ?? []));
            }
        }
        return result;
    }
}
