using static TorchSharp.torch;

namespace TidyGan.Numerics;

/// <summary>
/// The joint gradient vector field of a game, everything from autograd. Convention: a point is one joint
/// vector z = (x, y) and the field is the direction both players want to move,
/// v(z) = (−∇ₓV(x, y), ∇ᵧV(x, y)): descent for the minimiser x, ascent for the maximiser y. Every
/// optimiser here steps along (something built from) v: z ← z + η·v(z). This is the field of Mescheder,
/// Nowozin and Geiger (2017, "The Numerics of GANs"), whose players both maximise their own utility.
/// </summary>
public static class GameField
{
    /// <summary>
    /// v(z). With <paramref name="createGraph"/> the result stays differentiable in <paramref name="z"/>
    /// (which must then require grad), for the Jacobian and consensus optimisation's ∇½‖v‖².
    /// </summary>
    public static Tensor Evaluate(IGame game, Tensor z, bool createGraph = false)
    {
        Check(game, z);
        using var enable = enable_grad();
        var input = createGraph ? z : z.detach().requires_grad_(true);
        if (createGraph && !input.requires_grad) throw new ArgumentException("with createGraph the point z must require grad", nameof(z));
        var x = input[..game.XDimension];
        var y = input[game.XDimension..];
        var value = game.Value(x, y);
        // retain_graph with create_graph, as PyTorch defaults to: TorchSharp does not, and a second backward
        // through the gradient (Jacobian, consensus) would then meet freed tensors and abort the process.
        var gradient = autograd.grad([value], [input], retain_graph: createGraph, create_graph: createGraph)[0];   // (∇ₓV, ∇ᵧV)
        var sign = cat([full(game.XDimension, -1.0, dtype: float64, device: z.device), ones(game.YDimension, dtype: float64, device: z.device)]);
        var field = gradient * sign;
        return createGraph ? field : field.detach();
    }

    /// <summary>v at a point given as numbers.</summary>
    public static double[] Evaluate(IGame game, double[] z)
    {
        using var scope = NewDisposeScope();
        return Evaluate(game, tensor(z, dtype: float64)).data<double>().ToArray();
    }

    /// <summary>The Jacobian ∂vᵢ/∂zⱼ at <paramref name="z"/> by double back-propagation, row i = ∇ of vᵢ.</summary>
    public static double[,] Jacobian(IGame game, double[] z)
    {
        using var scope = NewDisposeScope();
        using var enable = enable_grad();
        var point = tensor(z, dtype: float64).requires_grad_(true);
        var field = Evaluate(game, point, createGraph: true);
        int n = z.Length;
        var jacobian = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            var row = autograd.grad([field[i]], [point], retain_graph: true, allow_unused: true)[0];
            var values = row is null || row.IsInvalid ? new double[n] : row.data<double>().ToArray();
            for (int j = 0; j < n; j++) jacobian[i, j] = values[j];
        }
        return jacobian;
    }

    /// <summary>
    /// The curl of a planar field (one parameter per player), ∂v_y/∂x − ∂v_x/∂y, from the autograd
    /// Jacobian. A gradient field of one function has curl 0; the game's field rotates where it is not 0
    /// (the bilinear game: 2 everywhere).
    /// </summary>
    public static double Curl(IGame game, double[] z)
    {
        if (game.XDimension != 1 || game.YDimension != 1)
            throw new ArgumentException($"the curl ∂v_y/∂x − ∂v_x/∂y is defined for a planar game (1 + 1 parameters); '{game.Name}' has {game.XDimension} + {game.YDimension}; use RotationNorm");
        var j = Jacobian(game, z);
        return j[1, 0] - j[0, 1];
    }

    /// <summary>
    /// In any dimension, the size of the rotational part of the field: the Frobenius norm of the
    /// antisymmetric part (J − Jᵀ)/2 of its Jacobian. In the plane that is |curl|/√2.
    /// </summary>
    public static double RotationNorm(double[,] jacobian)
    {
        int n = jacobian.GetLength(0);
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double a = 0.5 * (jacobian[i, j] - jacobian[j, i]);
                sum += a * a;
            }
        return Math.Sqrt(sum);
    }

    /// <summary>Eigenvalues of a real square matrix (torch.linalg.eigvals), sorted by imaginary then real part.</summary>
    public static System.Numerics.Complex[] Eigenvalues(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n) throw new ArgumentException("the matrix must be square", nameof(matrix));
        using var scope = NewDisposeScope();
        var values = linalg.eigvals(tensor(matrix, dtype: float64));
        double[] re = values.real.contiguous().data<double>().ToArray(), im = values.imag.contiguous().data<double>().ToArray();
        return Enumerable.Range(0, n).Select(i => new System.Numerics.Complex(re[i], im[i]))
            .OrderBy(c => Math.Round(c.Imaginary, 12)).ThenBy(c => c.Real).ToArray();
    }

    /// <summary>Euclidean distance from <paramref name="z"/> to the game's equilibrium.</summary>
    public static double DistanceToEquilibrium(IGame game, double[] z)
    {
        var star = game.Equilibrium;
        double sum = 0;
        for (int i = 0; i < z.Length; i++) sum += (z[i] - star[i]) * (z[i] - star[i]);
        return Math.Sqrt(sum);
    }

    internal static void Check(IGame game, Tensor z)
    {
        if (z.dim() != 1 || z.shape[0] != game.XDimension + game.YDimension)
            throw new ArgumentException($"a point of the '{game.Name}' game is one vector of {game.XDimension + game.YDimension} numbers (x then y); got shape [{string.Join(", ", z.shape)}]");
        if (z.dtype != float64) throw new ArgumentException($"points are float64 tensors; got {z.dtype}");
    }
}
