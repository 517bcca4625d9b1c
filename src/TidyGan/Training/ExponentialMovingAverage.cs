using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>
/// An exponential moving average of the generator's weights (Yazıcı 2019): samples from the average
/// are usually smoother than from the live generator. Buffers (batchnorm statistics) are copied.
/// </summary>
public sealed class ExponentialMovingAverage
{
    private readonly (Tensor Live, Tensor Shadow)[] parameters;
    private readonly (Tensor Live, Tensor Shadow)[] buffers;

    public ExponentialMovingAverage(nn.Module live, nn.Module shadow, double decay)
    {
        Decay = decay;
        Shadow = shadow;
        parameters = Pair(live.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), shadow.named_parameters().Select(p => (p.name, (Tensor)p.parameter)));
        buffers = Pair(live.named_buffers(), shadow.named_buffers());
        using var _ = no_grad();
        foreach (var (l, s) in parameters) s.copy_(l);
        foreach (var p in shadow.parameters()) p.requires_grad = false;
        CopyBuffers();
    }

    public double Decay { get; }

    public nn.Module Shadow { get; }

    public void Update()
    {
        using var _ = no_grad();
        foreach (var (live, shadow) in parameters) shadow.lerp_(live, 1 - Decay);   // s += (1 - decay)(l - s)
        CopyBuffers();
    }

    private void CopyBuffers()
    {
        using var _ = no_grad();
        foreach (var (live, shadow) in buffers) shadow.copy_(live);
    }

    private static (Tensor, Tensor)[] Pair(IEnumerable<(string, Tensor)> live, IEnumerable<(string, Tensor)> shadow)
    {
        var byName = shadow.ToDictionary(p => p.Item1, p => p.Item2);
        return live.Select(p => (p.Item2, byName.TryGetValue(p.Item1, out var s)
            ? s : throw new InvalidOperationException($"EMA copy has no tensor '{p.Item1}'"))).ToArray();
    }
}
