namespace TidyGan.Bench;

/// <summary>Timed steps of one run (milliseconds).</summary>
internal sealed record StepTimes(IReadOnlyList<double> Milliseconds)
{
    public double Median
    {
        get
        {
            var sorted = Milliseconds.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    public double Min => Milliseconds.Min();
    public double Mean => Milliseconds.Average();
}
