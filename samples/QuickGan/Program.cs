// QuickGan: TidyGan from its NuGet package, end to end in one file.
//   1. a tiny in-memory training set (bright discs on a dark background, 16×16, in [-1, 1]);
//   2. a small DC-GAN trained for a few steps through the public API (DcGan.Step, as the trainer calls it);
//   3. samples drawn and written as a PNG grid;
//   4. FD, KID and precision/recall/density/coverage on plain double[n, d] arrays, with the real-vs-real floor.
// Usage: dotnet run -- [output folder] [steps]
using System.Globalization;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Metrics;
using TidyGan.Nn;
using TidyGan.Reports;
using TidyGan.Runtime;
using TidyGan.Training;
using static TorchSharp.torch;

// glibc's malloc thresholds for libtorch: TidyGan applies them when it loads (NativeSetup.Apply; TIDYGAN_MALLOPT=0 skips).
Console.WriteLine($"malloc tuned: {NativeSetup.MallocTuned}");
var output = args.Length > 0 ? args[0] : "quickgan-out";
var steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400;
Directory.CreateDirectory(output);
manual_seed(0);                                        // the networks' initial weights
const int Size = 16, Count = 256, BatchSize = 32;

using var real = Discs(Count, Size, seed: 1);          // [256, 1, 16, 16]
using var realAgain = Discs(Count, Size, seed: 2);     // an independent real sample: the metrics' floor

var model = new DcGanOptions(ImageSize: Size, Channels: 1, LatentDim: 32, GeneratorWidth: 16, DiscriminatorWidth: 16);
using var gan = new DcGan(new DcGanConfig(model));
using var random = new Generator(42);                  // noise and batch order
Console.WriteLine($"DC-GAN {Size}×{Size}, {steps} steps of batch {BatchSize} on {Count} in-memory images");

for (long step = 1; step <= steps; step++)
{
    using var scope = NewDisposeScope();               // one dispose scope per step
    var context = new StepContext(step, steps, random, _ => new Batch(real[randint(0, Count, [BatchSize], generator: random)], null));
    var losses = gan.Step(context);
    if (step % 20 == 0 || step == 1 || step == steps)
        Console.WriteLine($"step {step,4}: loss D {losses.Discriminator!.item<float>():F3}, G {losses.Generator.item<float>():F3}");
}

using var fake = Sampling.Generate(gan, gan.Generator, Count, random, CPU);
var grid = Path.Combine(output, "samples.png");
ImageGrid.Save(fake.narrow(0, 0, 64), grid, upscale: 4);
Console.WriteLine($"samples: {grid}");

// Metrics on in-memory arrays (here the raw pixels; any feature extractor's rows work the same way).
double[,] realRows = Rows(real), realAgainRows = Rows(realAgain), fakeRows = Rows(fake);
var fd = FrechetDistance.Compute(realRows, fakeRows);
var fdFloor = FrechetDistance.Compute(realRows, realAgainRows);
var kid = KernelInceptionDistance.Compute(realRows, fakeRows, subsets: 50, subsetSize: 128);
var kidFloor = KernelInceptionDistance.Compute(realRows, realAgainRows, subsets: 50, subsetSize: 128);
var prdc = PrecisionRecallDensityCoverage.Compute(realRows, fakeRows, k: 5);
Console.WriteLine(FormattableString.Invariant($"FD: {fd:F3} (real vs real: {fdFloor:F3}; n = {Count}, d = {fakeRows.GetLength(1)})"));
Console.WriteLine(FormattableString.Invariant($"KID: {kid.Mean:F4} ± {kid.StandardError:F4} (real vs real: {kidFloor.Mean:F4})"));
Console.WriteLine(FormattableString.Invariant(
    $"PRDC: precision {prdc.Precision:F3}, recall {prdc.Recall:F3}, density {prdc.Density:F3}, coverage {prdc.Coverage:F3} (k = {prdc.K})"));
return 0;

// n random discs (radius 2.5–5 px, centre within the image) at +1 on a −1 background.
static Tensor Discs(int n, int size, int seed)
{
    var rng = new Random(seed);
    var pixels = new float[n * size * size];
    for (int i = 0; i < n; i++)
    {
        double cx = 4 + rng.NextDouble() * (size - 8), cy = 4 + rng.NextDouble() * (size - 8), r = 2.5 + rng.NextDouble() * 2.5;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                pixels[(i * size + y) * size + x] = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r ? 1f : -1f;
    }
    return tensor(pixels, [n, 1, size, size]);
}

// Images [n, C, H, W] → a double[n, C·H·W] array, one row per image.
static double[,] Rows(Tensor images)
{
    long n = images.shape[0], d = images.numel() / n;
    var flat = images.reshape(n, d).to(ScalarType.Float64).cpu().data<double>().ToArray();
    var rows = new double[n, d];
    Buffer.BlockCopy(flat, 0, rows, 0, flat.Length * sizeof(double));
    return rows;
}
