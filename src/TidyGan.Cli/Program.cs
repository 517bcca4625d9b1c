using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Cli;
using TidyGan.Cli.Commands;

TidyGan.Runtime.NativeSetup.Apply();

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("tidygan");
    config.SetExceptionHandler((exception, _) => ErrorReporter.Report(exception));
    config.AddBranch("train", train =>
    {
        train.SetDescription("Train a GAN on a dataset; writes checkpoints, sample grids, loss curves, TensorBoard logs and report.html.");
        train.AddCommand<TrainCommand.DcGanCommand>("dcgan").WithDescription("DC-GAN (Radford 2015): z → image.")
            .WithExample("train", "dcgan", "--data", "ct-head", "--size", "64", "--steps", "2000", "--out", "runs/ct");
        train.AddCommand<TrainCommand.ConditionalGanCommand>("cgan").WithDescription("Conditional GAN (Mirza 2014): (z, class) → image.")
            .WithExample("train", "cgan", "--data", "fashion-mnist", "--size", "28", "--steps", "3000", "--out", "runs/fm");
    });
    config.AddCommand<SampleCommand>("sample").WithDescription("Draw images from a checkpoint: a grid PNG, optional single PNGs and a NIfTI stack (HU for CT).")
        .WithExample("sample", "--checkpoint", "runs/ct", "--n", "64", "--out", "grid.png", "--nifti", "samples.nii.gz");
    config.AddCommand<InterpolateCommand>("interpolate").WithDescription("Walk the latent space between random points (linear and spherical), one row per pair.")
        .WithExample("interpolate", "--checkpoint", "runs/ct", "--pairs", "6", "--out", "interpolation.png");
    config.AddCommand<EvaluateCommand>("evaluate").WithDescription("FD, KID, precision/recall/density/coverage between real and generated images, with n and the feature extractor.")
        .WithExample("evaluate", "--real", "fashion-mnist:test", "--fake", "runs/fm", "--features", "resnet18-imagenet", "--n", "2000", "--json", "scores.json");
    config.AddBranch("features", features =>
    {
        features.SetDescription("Feature extractors for evaluation.");
        features.AddCommand<FeaturesExtractCommand>("extract").WithDescription("Features of images as a .npy matrix (rows = images).");
        features.AddCommand<FeaturesTrainCommand>("train").WithDescription("Train a domain feature network (a classifier on real data) for --features domain:PATH.");
    });
    config.AddCommand<ReportCommand>("report").WithDescription("Redraw a run's loss curves and report.html.")
        .WithExample("report", "--run", "runs/ct");
    config.AddCommand<ModesCommand>("modes").WithDescription("Mode collapse on the ring of 8 / grid of 25 Gaussians: GAN, WGAN-GP, Unrolled GAN, PacGAN, consensus; table + plots.")
        .WithExample("modes", "--data", "ring8", "--method", "all", "--seeds", "5", "--out", "runs/modes");
    config.AddBranch("data", data =>
    {
        data.SetDescription("Inspect the datasets and files TidyGan reads.");
        data.AddCommand<DataListCommand>("list").WithDescription("Named datasets, their Debian packages and whether they are installed.");
        data.AddCommand<DataInfoCommand>("info").WithDescription("Format, shape, datatype, spacing, affine and value range of a NIfTI, IDX, InVesalius or PNG file.")
            .WithExample("data", "info", "/usr/share/mricron/templates/ch2.nii.gz");
    });
});
// Spectre.Console.Cli wants long options of two letters or more; accept the documented `--n N` as well.
return app.Run(args.Select(a => a == "--n" ? "--count" : a.StartsWith("--n=", StringComparison.Ordinal) ? "--count=" + a[4..] : a));
