using static TorchSharp.torch;

namespace TidyGan.Losses;

/// <summary>
/// Variational divergence minimisation (Nowozin et al. 2016, eq. 6): with T = g_f(v) on the critic's output v,
/// F = E_P[g_f(v)] − E_Q[f*(g_f(v))] is a lower bound on D_f(P‖Q). The critic maximises F; the generator
/// minimises it — the paper's saddle objective, whose only G-dependent part is −E_Q[f*(g_f(v))].
/// <para>
/// Why the saddle objective and not the paper's "alternative" generator loss −E_Q[g_f(v)]: only the saddle
/// objective follows the gradient of D_f when the critic is optimal (envelope theorem). The alternative changes
/// the divergence: for KL, T* = 1 + log(p/q) makes it ascend E_Q[log(p/q)] = −KL(Q‖P), i.e. the alternative
/// "KL" generator minimises the reverse KL and would hide exactly the mode-covering behaviour this loss exists
/// to show. For the GAN divergence the saddle objective is the saturating minimax loss (see MinimaxLoss).
/// </para>
/// </summary>
public sealed class FGanLoss : AdversarialLoss
{
    public FGanLoss(FDivergence divergence) => Divergence = divergence;

    public FDivergence Divergence { get; }

    public override AdversarialLossKind Kind => Divergence.Kind;

    /// <summary>The variational bound E_P[g_f(v)] − E_Q[f*(g_f(v))]: the critic's estimate of D_f(P‖Q).</summary>
    public Tensor Bound(Tensor realOutputs, Tensor fakeOutputs) =>
        Divergence.Activation(realOutputs).mean() - Divergence.ConjugateOfActivation(fakeOutputs).mean();

    /// <summary>The critic minimises −F.</summary>
    public override Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) => -Bound(realLogits, fakeLogits);

    /// <summary>The generator minimises F; E_P[g_f(v)] does not depend on it, so −E_Q[f*(g_f(v))] remains.</summary>
    public override Tensor Generator(Tensor fakeLogits) => -Divergence.ConjugateOfActivation(fakeLogits).mean();
}
