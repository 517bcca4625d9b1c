using TidyGan.Numerics;
using TidyGan.Tests.Data;

namespace TidyGan.Tests.Numerics;

/// <summary>
/// Whole trajectories of every optimiser on the Dirac-GAN against an independent numpy implementation
/// (Debian's /usr/bin/python3) that uses hand-derived derivatives instead of autograd.
/// </summary>
public class NumpyReferenceTests
{
    private const string Script = """
        import json, sys
        import numpy as np
        lr, gamma, steps = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
        sig = lambda t: 1.0 / (1.0 + np.exp(-t))
        f1 = lambda t: sig(-t)                      # f(t) = -log(1 + e^-t)
        f2 = lambda t: -sig(t) * sig(-t)
        def v(z):                                   # (-dV/dtheta, dV/dpsi), V = f(theta psi) + f(0)
            th, ps = z
            return np.array([-ps * f1(th * ps), th * f1(th * ps)])
        def grad_half_norm2(z):                     # gradient of 0.5 |v|^2 = 0.5 f'(t)^2 (th^2 + ps^2)
            th, ps = z
            t, r2 = th * ps, th * th + ps * ps
            return np.array([f1(t) * f2(t) * ps * r2 + f1(t) ** 2 * th, f1(t) * f2(t) * th * r2 + f1(t) ** 2 * ps])
        def simultaneous(z, s): return z + lr * v(z)
        def alternating(z, s):
            y = z[1] + lr * v(z)[1]
            x = z[0] + lr * v(np.array([z[0], y]))[0]
            return np.array([x, y])
        def consensus(z, s): return z + lr * (v(z) - gamma * grad_half_norm2(z))
        def extragradient(z, s): return z + lr * v(z + lr * v(z))
        def optimistic(z, s):
            now = v(z); prev = s.get('prev', now); s['prev'] = now
            return z + 2 * lr * now - lr * prev
        out = {}
        for name, step in [('simultaneous', simultaneous), ('alternating', alternating), ('consensus', consensus),
                           ('extragradient', extragradient), ('optimistic', optimistic)]:
            z, state = np.array([1.0, 1.0]), {}
            for _ in range(steps): z = step(z, state)
            out[name] = z.tolist()
        print(json.dumps(out))
        """;

    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [InlineData(0.1, 1.0, 300)]
    [InlineData(0.3, 0.5, 100)]
    public void EveryOptimiserFollowsTheNumpyTrajectoryOnTheDiracGan(double lr, double gamma, int steps)
    {
        var reference = Python.Json(Script, lr.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            gamma.ToString("R", System.Globalization.CultureInfo.InvariantCulture), steps.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var name in GameOptimizers.Names)
        {
            var t = Trajectory.Run(new DiracGan(), GameOptimizers.Create(name, lr, gamma), [1.0, 1.0], steps);
            var expected = reference.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int i = 0; i < 2; i++)
                Assert.True(Math.Abs(expected[i] - t.Points[^1][i]) < 1e-10, $"{name}: coordinate {i} is {t.Points[^1][i]}, numpy {expected[i]}");
        }
    }
}
