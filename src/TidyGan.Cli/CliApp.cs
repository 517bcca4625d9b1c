using Spectre.Console.Cli;
using TidyGan.Cli.Commands;

namespace TidyGan.Cli;

/// <summary>The `tidygan` command tree, built in one place for the program and for the tests that parse the docs.</summary>
internal static class CliApp
{
    public static void Configure(IConfigurator config)
    {
        config.SetApplicationName("tidygan");
        config.UseStrictParsing();                 // a misspelt flag (--stpes) is an error, not silently ignored
        config.AddBranch("train", train =>
        {
            train.SetDescription("Train a GAN on a dataset; writes checkpoints, sample grids, loss curves, TensorBoard logs and report.html.");
            train.AddCommand<TrainCommand.DcGanCommand>("dcgan").WithDescription("DC-GAN (Radford 2015): z → image.")
                .WithExample("train", "dcgan", "--data", "ct-head", "--size", "64", "--steps", "2000", "--out", "runs/ct");
            train.AddCommand<TrainCommand.ConditionalGanCommand>("cgan").WithDescription("Conditional GAN (Mirza 2014): (z, class) → image.")
                .WithExample("train", "cgan", "--data", "fashion-mnist", "--size", "28", "--steps", "3000", "--out", "runs/fm");
            train.AddCommand<CycleGanTrainCommand>("cyclegan").WithDescription("Cycle-GAN (Zhu 2017) on two unpaired domains, e.g. MR → CT in HU (Wolterink 2017).")
                .WithExample("train", "cyclegan", "--a", "mr-head", "--b", "ct-head", "--preset", "cpu", "--out", "runs/mr2ct");
            train.AddCommand<Pix2PixTrainCommand>("pix2pix").WithDescription("pix2pix (Isola 2017) on two aligned volumes on one grid, e.g. low-dose → full-dose CT.")
                .WithExample("train", "pix2pix", "--a", "nifti:low.nii.gz", "--b", "nifti:full.nii.gz", "--out", "runs/p2p");
            train.AddCommand<DenoiserTrainCommand>("denoiser").WithDescription("A paired CT denoiser: RED-CNN with MSE, + adversarial (Wolterink 2017), or WGAN + perceptual (after Yang 2018).")
                .WithExample("train", "denoiser", "--arm", "mse", "--a", "nifti:low.nii.gz", "--b", "nifti:full.nii.gz", "--out", "runs/mse");
            train.AddCommand<FAnoGanTrainCommand>("fanogan").WithDescription("f-AnoGAN's encoder (Schlegl 2019, izi_f) on a trained WGAN-GP's frozen G and D, for anomaly detection.")
                .WithExample("train", "fanogan", "--gan", "runs/wgan", "--data", "ct-head", "--steps", "500", "--out", "runs/fanogan");
        });
        config.AddCommand<SampleCommand>("sample").WithDescription("Draw images from a checkpoint: a grid PNG, optional single PNGs and a NIfTI stack (HU for CT).")
            .WithExample("sample", "--checkpoint", "runs/ct", "--n", "64", "--out", "grid.png", "--nifti", "samples.nii.gz");
        config.AddCommand<SynthesizeCommand>("synthesize").WithDescription("Write a labelled synthetic dataset (PNG class folders, IDX or NIfTI) with a manifest tracing it to its checkpoint (SHA-256, step, seed).")
            .WithExample("synthesize", "--checkpoint", "runs/fm", "--per-class", "1000", "--format", "idx", "--out", "synthetic-fm");
        config.AddCommand<AugmentExperimentCommand>("augment-experiment").WithDescription("Class imbalance: imbalanced real vs classic remedies vs + C-GAN samples vs synthetic only vs full real; mean ± sd over seeds.")
            .WithExample("augment-experiment", "--data", "fashion-mnist", "--imbalance", "0.01,0.05", "--seeds", "1,2,3", "--out", "runs/augment");
        config.AddCommand<InterpolateCommand>("interpolate").WithDescription("Walk the latent space between random points (linear and spherical), one row per pair.")
            .WithExample("interpolate", "--checkpoint", "runs/ct", "--pairs", "6", "--out", "interpolation.png");
        config.AddCommand<ExportCommand>("export").WithDescription("Export a checkpoint's generator (or segmenter) as an ONNX model for ONNX Runtime, or its weights as a PyTorch .pth / safetensors state_dict in the reference's key names.")
            .WithExample("export", "--checkpoint", "runs/mr2ct", "--format", "onnx", "--out", "mr2ct.onnx", "--generator", "a2b")
            .WithExample("export", "--checkpoint", "runs/ct", "--format", "pytorch", "--out", "netG.pth");
        config.AddCommand<ImportCommand>("import").WithDescription("Build a TidyGan run from reference PyTorch weights (.pth state_dict or .safetensors): pytorch/examples' DC-GAN netG, the reference Cycle-GAN's generators.")
            .WithExample("import", "--from", "netG.pth", "--kind", "dcgan", "--out", "runs/imported")
            .WithExample("import", "--from", "latest_net_G_A.pth", "--from-b2a", "latest_net_G_B.pth", "--kind", "cyclegan-g", "--a", "mr-head", "--b", "ct-head", "--out", "runs/mr2ct-imported");
        config.AddCommand<TranslateCommand>("translate").WithDescription("Translate a whole volume with a Cycle-GAN (e.g. MR → CT in HU), slice by slice; NIfTI out in the input's space, plus a PNG montage.")
            .WithExample("translate", "--checkpoint", "runs/mr2ct", "--input", "scan.nii.gz", "--output", "synthetic_ct.nii.gz", "--direction", "mr2ct");
        config.AddBranch("anomaly", anomaly =>
        {
            anomaly.SetDescription("Anomaly detection with a GAN trained on healthy slices (AnoGAN, f-AnoGAN).");
            anomaly.AddCommand<AnomalyScoreCommand>("score").WithDescription("Per-slice anomaly scores (CSV, JSON), anomaly maps as NIfTI on the input's grid, PNG overlays.")
                .WithExample("anomaly", "score", "--checkpoint", "runs/fanogan", "--input", "ct-head", "--method", "fanogan", "--out", "scores");
        });
        config.AddCommand<DenoiseCommand>("denoise").WithDescription("Denoise (or translate) a whole volume with a paired model (train denoiser / pix2pix), slice by slice; NIfTI in HU on the input's grid.")
            .WithExample("denoise", "--checkpoint", "runs/mse", "--input", "low.nii.gz", "--output", "denoised.nii.gz");
        config.AddCommand<LowDoseExperimentCommand>("lowdose-experiment").WithDescription("Low-dose CT on the real head CT: low-dose FBP vs MSE, MSE + adversarial, WGAN + perceptual and pix2pix; PSNR/SSIM/MAE, noise spectra, soft-tissue HU, lesions lost and structures invented; mean ± sd over seeds.")
            .WithExample("lowdose-experiment", "--dose", "0.25,0.1", "--seeds", "1,2,3", "--features", "runs/ct-features", "--out", "runs/lowdose");

        config.AddCommand<CycleGanEvalCommand>("cyclegan-eval").WithDescription("Measure an MR → CT Cycle-GAN on the unpaired head set: HU histograms, FD/KID with the real-vs-real floor, cycle MAE, head-mask Dice, bone in the skull shell.")
            .WithExample("cyclegan-eval", "--checkpoint", "runs/mr2ct", "--out", "docs/img/mr-to-ct");
        config.AddCommand<EvaluateCommand>("evaluate").WithDescription("FD, KID, precision/recall/density/coverage between real and generated images, with n and the feature extractor.")
            .WithExample("evaluate", "--real", "fashion-mnist:test", "--fake", "runs/fm", "--features", "resnet18-imagenet", "--n", "2000", "--json", "scores.json");
        config.AddBranch("lowdose", lowdose =>
        {
            lowdose.SetDescription("Low-dose CT: simulate paired full-dose / low-dose reconstructions (TidyGan's own projector, Poisson + electronic noise, FBP).");
            lowdose.AddCommand<LowDoseSimulateCommand>("simulate").WithDescription("Paired full-dose and low-dose reconstructions of CT volumes (NIfTI in HU, input geometry), manifest.json and a PNG panel.")
                .WithExample("lowdose", "simulate", "--data", "ct-head", "--dose", "0.25", "--out", "runs/lowdose");
        });
        config.AddCommand<EvaluateImagesCommand>("evaluate-images").WithDescription("MAE/RMSE/PSNR/SSIM (HU for CT) inside a mask, or Dice and HD95 per label, between two NIfTI volumes on one grid.")
            .WithExample("evaluate-images", "--pred", "synthetic.nii.gz", "--target", "ct.nii.gz", "--mask", "head.nii.gz", "--json", "scores.json");
        config.AddBranch("features", features =>
        {
            features.SetDescription("Feature extractors for evaluation.");
            features.AddCommand<FeaturesExtractCommand>("extract").WithDescription("Features of images as a .npy matrix (rows = images).");
            features.AddCommand<FeaturesTrainCommand>("train").WithDescription("Train a domain feature network (a classifier on real data) for --features domain:PATH.");
        });
        config.AddCommand<ReportCommand>("report").WithDescription("Redraw a run's loss curves and report.html.")
            .WithExample("report", "--run", "runs/ct");
        config.AddBranch("fgan", fgan =>
        {
            fgan.SetDescription("f-GANs (Nowozin 2016): which divergence the game minimises, measured.");
            fgan.AddCommand<FGanFitCommand>("fit").WithDescription("Fit a Gaussian to a bimodal 1-D target with each f-divergence, beside the exact minimisers.")
                .WithExample("fgan", "fit", "--target", "bimodal", "--divergences", "kl,rkl", "--seeds", "3", "--out", "runs/fgan");
        });
        config.AddBranch("saturation", saturation =>
        {
            saturation.SetDescription("Saturating (minimax) vs non-saturating generator loss, measured.");
            saturation.AddCommand<SaturationGradientsCommand>("gradients").WithDescription("Plot ∂L_G/∂logit against D(G(z)) for each loss (autograd on the loss classes).")
                .WithExample("saturation", "gradients", "--out", "gradients.png");
            saturation.AddCommand<SaturationTableCommand>("table").WithDescription("Gather the runs of scripts/saturation-experiment.sh into a table and D(G(z)) plots.")
                .WithExample("saturation", "table", "--runs", "runs/saturation");
        });
        config.AddCommand<ModesCommand>("modes").WithDescription("Mode collapse on the ring of 8 / grid of 25 Gaussians: GAN, WGAN-GP, Unrolled GAN, PacGAN, consensus; table + plots.")
            .WithExample("modes", "--data", "ring8", "--method", "all", "--seeds", "5", "--out", "runs/modes");
        config.AddBranch("sweep", sweep =>
        {
            sweep.SetDescription("A grid over `train` options (product of values × seeds), run locally or as a Slurm job array; status and table.");
            sweep.SetDefaultCommand<SweepCommand>();
            sweep.AddCommand<SweepStatusCommand>("status").WithDescription("Done / running / failed / pending per unit, from the unit folders and squeue.")
                .WithExample("sweep", "status", "runs/sweep");
            sweep.AddCommand<SweepCollectCommand>("collect").WithDescription("Write the table of final losses once every unit is done; resubmit failed or cancelled units (they resume).")
                .WithExample("sweep", "collect", "runs/sweep", "--wait");
        });
        config.AddCommand<RunUnitCommand>("run-unit").WithDescription("Run one unit of a study's plan (what a local job or a Slurm array task runs); locked, resumable.")
            .WithExample("run-unit", "runs/sweep/plan.json", "0");
        config.AddBranch("segment", segment =>
        {
            segment.SetDescription("2-D U-Net segmentation of head slices (background / head / brain), Dice + cross-entropy.");
            segment.AddCommand<SegmentTrainCommand>("train").WithDescription("Train a segmenter on a labelled head domain (mr-head, sim-mr, ct-head) with the one trainer.")
                .WithExample("segment", "train", "--data", "mr-head", "--out", "runs/seg");
            segment.AddCommand<SegmentPredictCommand>("predict").WithDescription("Segment a NIfTI/InVesalius volume; writes a uint8 label map in the input's grid and affine.")
                .WithExample("segment", "predict", "--checkpoint", "runs/seg", "--in", "scan.nii.gz", "--out", "labels.nii.gz");
        });
        config.AddCommand<AdaptCommand>("adapt").WithDescription("Unsupervised adversarial domain adaptation of the segmenter (Kamnitsas 2017): multi-connected domain discriminator, α ramp-up.")
            .WithExample("adapt", "--target", "sim-mr", "--out", "runs/adapt-sim");
        config.AddCommand<AdaptExperimentCommand>("adapt-experiment").WithDescription("Source-only vs adapted vs supervised-on-target over seeds: Dice/HD95 table, gap closed, prediction and PCA figures.")
            .WithExample("adapt-experiment", "--targets", "sim-mr,ct-head", "--seeds", "1,2,3", "--out", "runs/adapt-exp");
        config.AddBranch("data", data =>
        {
            data.SetDescription("Inspect the datasets and files TidyGan reads.");
            data.AddCommand<DataListCommand>("list").WithDescription("Named datasets, their Debian packages and whether they are installed.");
            data.AddCommand<DataInfoCommand>("info").WithDescription("Format, shape, datatype, spacing, affine and value range of a NIfTI, IDX, InVesalius or PNG file.")
                .WithExample("data", "info", "/usr/share/mricron/templates/ch2.nii.gz");
        });
        config.AddBranch("numerics", numerics =>
        {
            numerics.SetDescription("Two-player games and their gradient dynamics (Mescheder 2017, 2018): fields, curl, eigenvalues, optimiser trajectories.");
            numerics.AddCommand<NumericsFieldCommand>("field").WithDescription("Quiver plot of a game's field v = (−∇ₓV, ∇ᵧV) over its curl; eigenvalues of the Jacobian at the equilibrium.")
                .WithExample("numerics", "field", "--game", "bilinear", "--out", "runs/numerics");
            numerics.AddCommand<NumericsTrajectoriesCommand>("trajectories").WithDescription("Every optimiser (simultaneous, alternating, consensus, extragradient, optimistic) from one start: plot, results.json/.md.")
                .WithExample("numerics", "trajectories", "--game", "bilinear", "--lr", "0.1", "--steps", "1000", "--gamma", "1", "--out", "runs/numerics");
        });
        config.AddBranch("turing", turing =>
        {
            turing.SetDescription("Visual Turing test: raters judge real vs synthetic images in a browser; accuracy, κ and tests against chance.");
            turing.AddCommand<TuringCreateCommand>("create").WithDescription("Render real and synthetic images identically into a study file; print each rater's link and the admin link.")
                .WithExample("turing", "create", "--real", "ct-head", "--fake", "runs/ct", "--n-real", "50", "--n-fake", "50", "--raters", "ana,ben", "--out", "study.db");
            turing.AddCommand<TuringServeCommand>("serve").WithDescription("Serve the rater and admin pages of a study (ASP.NET Core + SQLite).")
                .WithExample("turing", "serve", "--study", "study.db", "--urls", "http://127.0.0.1:5080");
            turing.AddCommand<TuringReportCommand>("report").WithDescription("The study's statistics as Markdown (and --csv raw answers), without the server.")
                .WithExample("turing", "report", "--study", "study.db");
        });
    }

    // Spectre.Console.Cli wants long options of two letters or more; accept the documented `--n N` (and
    // cyclegan's `--a`/`--b`) as well.
    private static readonly Dictionary<string, string> LongNames = new() { ["--n"] = "--count", ["--a"] = "--domain-a", ["--b"] = "--domain-b" };

    /// <summary>The arguments with the one-letter long options spelled as Spectre knows them (`--n 4`, `--n=4`).</summary>
    public static string[] MapLongNames(IEnumerable<string> args) => args.Select(a =>
    {
        var name = a.Split('=')[0];
        return LongNames.TryGetValue(name, out var full) ? full + a[name.Length..] : a;
    }).ToArray();
}
