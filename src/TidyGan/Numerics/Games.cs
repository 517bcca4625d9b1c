namespace TidyGan.Numerics;

/// <summary>The games by name, for the command line.</summary>
public static class Games
{
    public static readonly IReadOnlyList<string> Names = ["bilinear", "dirac", "quadratic"];

    /// <summary>
    /// A game by name. <paramref name="dimension"/> is the length of each player's vector for the bilinear
    /// and quadratic games (the Dirac-GAN is 1 + 1).
    /// </summary>
    public static IGame Create(string name, int dimension = 1) => name switch
    {
        "bilinear" => new BilinearGame(dimension),
        "dirac" => dimension == 1 ? new DiracGan()
            : throw new ArgumentException($"--dim {dimension}: the Dirac-GAN has one parameter per player"),
        "quadratic" => dimension >= 1
            ? new QuadraticBilinearGame(xStar: Enumerable.Repeat(1.0, dimension).ToArray(), yStar: Enumerable.Repeat(-1.0, dimension).ToArray())
            : throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "--dim must be ≥ 1"),
        _ => throw new ArgumentException($"unknown game '{name}'; choose from {string.Join(", ", Names)}"),
    };
}
