using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.IO;
using TidyGan.Metrics;
using TidyGan.Metrics.VisualTuring;
using TidyGan.TuringTest;

namespace TidyGan.Cli.Commands;

/// <summary>
/// `tidygan turing create`: render N real and M synthetic images identically into a new study file, with a
/// random order and an unguessable link per rater and a separate admin link.
/// </summary>
public sealed class TuringCreateCommand : Command<TuringCreateCommand.Settings>
{
    public sealed class Settings : CohortSplitSettings
    {
        [CommandOption("--real <SRC>")]
        [Description("Real images: a dataset (fashion-mnist, ct-head, mr-head, NAME:test, NAME:even/:odd), image folder, NIfTI file (slices) — as `tidygan evaluate --real`")]
        public string? Real { get; init; }

        [CommandOption("--fake <SRC>")]
        [Description("Synthetic images: a run/checkpoint folder (sampled), or any SRC as --real")]
        public string? Fake { get; init; }

        [CommandOption("--n-real <N>")]
        public int? NReal { get; init; }

        [CommandOption("--n-fake <M>")]
        public int? NFake { get; init; }

        [CommandOption("--raters <NAMES>")]
        [Description("Comma-separated rater names, e.g. ana,ben,chloe")]
        public string? Raters { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("The study file (SQLite) to write, e.g. study.db")]
        public string? Out { get; init; }

        [CommandOption("--size <PIXELS>")]
        [Description("Side every image is rendered at (default 256)")]
        public int Size { get; init; } = 256;

        [CommandOption("--native-size <PIXELS>")]
        [Description("The resolution both sides pass through before --size (default: the --fake model's image size; with no model, --size): real images are loaded at it, as the model was trained")]
        public int? NativeSize { get; init; }

        [CommandOption("--allow-resolution-mismatch")]
        [Description("Render even when the two sides' native resolutions differ (a loud warning: raters may tell them apart by sharpness)")]
        public bool AllowResolutionMismatch { get; init; }

        [CommandOption("--window <LEVEL,WIDTH>")]
        [Description("Display window in physical units, the same for all images (default for CT: 0,2000 HU; otherwise the full range)")]
        public string? Window { get; init; }

        [CommandOption("--per-rater <K>")]
        [Description("Each rater judges a random K of the images (default: all of them)")]
        public int? PerRater { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed for picking/sampling images and the raters' orders (default 0); tokens are always fresh")]
        public int Seed { get; init; }

        [CommandOption("--base-url <URL>")]
        [Description("Where `turing serve` will listen, for the printed links (default http://127.0.0.1:5080)")]
        public string BaseUrl { get; init; } = "http://127.0.0.1:5080";

        [CommandOption("--force")]
        [Description("Replace an existing study file (its answers are lost)")]
        public bool Force { get; init; }

        public override ValidationResult Validate()
        {
            if (Real is null || Fake is null) return ValidationResult.Error("--real SRC and --fake SRC are required");
            if (NReal is null or < 1 || NFake is null or < 1) return ValidationResult.Error("--n-real N and --n-fake M (each at least 1) are required");
            if (Raters is null) return ValidationResult.Error("--raters NAMES is required, e.g. --raters ana,ben");
            if (Out is null) return ValidationResult.Error("--out FILE is required, e.g. --out study.db");
            if (Size is < 8 or > 2048) return ValidationResult.Error($"--size must be 8…2048 (got {Size})");
            if (NativeSize is < 4 or > 2048) return ValidationResult.Error($"--native-size must be 4…2048 (got {NativeSize})");
            return ValidationResult.Success();
        }
    }

    /// <summary>Study metadata key: the checkpoint folder the synthetic images were sampled from (absent for image sources).</summary>
    public const string FakeCheckpointKey = "fake_checkpoint";

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (File.Exists(settings.Out!) && !settings.Force)
            throw new IOException($"--out {settings.Out}: a study already exists there (its answers would be lost); pass --force to replace it");
        var raters = settings.Raters!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // Models first: their image size is the study's native resolution, at which the real slices are then loaded.
        var (realImages, fakeImages, resolution) = AnsiConsole.Status().Start("Loading images…", status =>
        {
            LoadedImages? real = null, fake = null;
            if (ImageSource.IsRun(settings.Fake!)) fake = LoadSide(status, settings.Fake!, settings.NFake!.Value, settings.Size, settings.Seed + 1, settings, "--fake", "synthetic");
            if (ImageSource.IsRun(settings.Real!)) real = LoadSide(status, settings.Real!, settings.NReal!.Value, settings.Size, settings.Seed, settings, "--real", "real");
            var resolution = StudyResolution.Resolve(settings.NativeSize, NativeOf(real), NativeOf(fake), settings.Size, settings.AllowResolutionMismatch);
            real ??= LoadSide(status, settings.Real!, settings.NReal!.Value, resolution.Native, settings.Seed, settings, "--real", "real");
            fake ??= LoadSide(status, settings.Fake!, settings.NFake!.Value, resolution.Native, settings.Seed + 1, settings, "--fake", "synthetic");
            return (real, fake, resolution);
        });
        using var realTensor = realImages.Images;
        using var fakeTensor = fakeImages.Images;
        if (resolution.Warning is { } warning) Console.Error.WriteLine($"WARNING: {warning}");
        if (realImages.Unit != fakeImages.Unit)
            throw new ArgumentException($"--real is in {realImages.Unit} but --fake in {fakeImages.Unit}: one display window cannot show both the same way");
        if (fakeImages.Model is { } trained && realImages.Model is null && !SameData(settings.Real!, trained.Name))
            Console.Error.WriteLine($"note: the --fake model was trained on {trained.Name}, the real images come from {settings.Real}: the two sides may show different anatomy or preprocessing");
        else if (fakeImages.Model is { } data && realImages.Model is null)
        {
            // Same data name, but other slicing flags at training (--fov, --max-depth, --limit) give other pixels or slices.
            if (data.Geometry is { } g && realImages.Geometry is { } r && Math.Abs(g.RowSpacing - r.RowSpacing) > 0.01 * g.RowSpacing)
                Console.Error.WriteLine(FormattableString.Invariant($"note: the model was trained at {g.RowSpacing:0.###} mm per pixel, the real slices are at {r.RowSpacing:0.###} mm (was it trained with --fov?): anatomy appears at another scale"));
            if (data.Count > 0 && realImages.SetCount is int n && n != data.Count && realImages.Levels is not null && !settings.Real!.EndsWith(":test", StringComparison.Ordinal)
                && !settings.Real.EndsWith(":even", StringComparison.Ordinal) && !settings.Real.EndsWith(":odd", StringComparison.Ordinal))
                Console.Error.WriteLine($"note: the model was trained on {data.Count} images, --real holds {n} (was it trained with --limit or --max-depth?): the real slices may cover other levels");
        }
        var window = settings.Window is { } w ? DisplayWindow.Parse(w) : DisplayWindow.Default(realImages.Unit, realImages.Low, realImages.High);
        var real = StudyImageRenderer.Render(realImages, settings.Size, window, resolution.For(NativeOf(realImages)));
        var fake = StudyImageRenderer.Render(fakeImages, settings.Size, window, resolution.For(NativeOf(fakeImages)));
        var plan = new StudyPlan(real, fake, raters, new Dictionary<string, string>
        {
            ["real"] = realImages.Description,
            ["fake"] = fakeImages.Description,
            ["size"] = settings.Size.ToString(CultureInfo.InvariantCulture),
            ["unit"] = realImages.Unit,
            ["window"] = window.LevelWidth,
            ["native_size"] = resolution.Native.ToString(CultureInfo.InvariantCulture),
            ["seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
        }, settings.Seed, settings.PerRater);
        // The run the synthetic images came from: `turing report` adds the study's results to its model card.
        if (RunCards.IsRun(settings.Fake!))
            plan = plan with { Settings = new Dictionary<string, string>(plan.Settings) { [FakeCheckpointKey] = TidyGan.Training.Checkpoint.Resolve(settings.Fake!) } };
        var credentials = StudyBuilder.Create(settings.Out!, plan, settings.Force);

        AnsiConsole.MarkupLineInterpolated($"study: [bold]{settings.Out}[/] — {real.Count} real ({realImages.Description}) + {fake.Count} synthetic ({fakeImages.Description}), {settings.Size}×{settings.Size} px, window {window.LevelWidth} {realImages.Unit}");
        int realNative = resolution.For(NativeOf(realImages)), fakeNative = resolution.For(NativeOf(fakeImages));
        Console.WriteLine(realNative == fakeNative
            ? $"resolution: both sides at {realNative}×{realNative} px, then bilinear to {settings.Size}×{settings.Size} px"
            : $"resolution: MISMATCH — real at {realNative}×{realNative} px, synthetic at {fakeNative}×{fakeNative} px, then bilinear to {settings.Size}×{settings.Size} px");
        Console.WriteLine($"real levels: {StudyResolution.LevelRange(realImages)}");
        Console.WriteLine($"synthetic levels: {StudyResolution.LevelRange(fakeImages)}");
        AnsiConsole.MarkupLine("Links (shown only now: the study keeps only hashes of the tokens). Serve with `tidygan turing serve --study " + Markup.Escape(settings.Out!) + " --urls " + Markup.Escape(settings.BaseUrl) + "`:");
        string baseUrl = settings.BaseUrl.TrimEnd('/');
        var table = new Table().AddColumns("who", "link");
        foreach (var (rater, token) in credentials.RaterTokens) table.AddRow(Markup.Escape(rater), Markup.Escape($"{baseUrl}/r/{token}"));
        table.AddRow("[bold]admin[/]", Markup.Escape($"{baseUrl}/admin/{credentials.AdminToken}"));
        // Plain lines too, for scripts: "rater NAME URL" / "admin URL".
        AnsiConsole.Write(table);
        foreach (var (rater, token) in credentials.RaterTokens) Console.WriteLine($"rater {rater} {baseUrl}/r/{token}");
        Console.WriteLine($"admin {baseUrl}/admin/{credentials.AdminToken}");
        return 0;
    }

    /// <summary>Exactly n images of one side: a dataset's drawn evenly (seeded) over all its images, or n samples of a
    /// model. A source with fewer is an error, not a silently smaller study.</summary>
    private static LoadedImages LoadSide(StatusContext status, string source, int n, int size, int seed, Settings settings, string option, string what)
    {
        status.Status($"Loading {n} {what} images from {source}…");
        try { return ImageSource.LoadSpread(source, n, size, seed, settings.SplitFlags); }
        catch (ArgumentException e) when (e is not ArgumentNullException) { throw new ArgumentException($"{option}: {e.Message}", e); }
    }

    /// <summary>A model's native side (its samples' side); null for images, which are loaded at the study's.</summary>
    private static int? NativeOf(LoadedImages? images) => images?.Model is null ? null : (int)images.Images.shape[2];

    /// <summary>Whether --real names the data the model was trained on (ignoring :test, :even, :odd).</summary>
    private static bool SameData(string real, string trainedOn)
    {
        foreach (var suffix in new[] { ":even", ":odd", ":test" })
            if (real.EndsWith(suffix, StringComparison.Ordinal)) real = real[..^suffix.Length];
        return real == trainedOn || real.TrimEnd('/') == trainedOn.TrimEnd('/') || "folder:" + real == trainedOn || "nifti:" + real == trainedOn;
    }
}

/// <summary>`tidygan turing report`: the study's statistics as Markdown, without the server.</summary>
public sealed class TuringReportCommand : Command<TuringReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--study <FILE>")]
        public string? Study { get; init; }

        [CommandOption("--csv <FILE>")]
        [Description("Also write the raw answers as CSV")]
        public string? Csv { get; init; }

        [CommandOption("--verify")]
        [Description("Check every answer row: intact (the integrity chain), and of a known rater and item; exit 1 naming each bad row")]
        public bool Verify { get; init; }

        public override ValidationResult Validate() => Study is null ? ValidationResult.Error("--study FILE is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var store = StudyStore.Open(settings.Study!, readOnly: true);
        if (settings.Verify) Verify(store, settings.Study!);
        var answers = store.Answers();
        foreach (var p in store.AllProgress()) Console.WriteLine($"{p.Rater}: {p.Answered} / {p.Total} answered");
        Console.WriteLine();
        var summary = answers.Count == 0 ? null : TuringStatistics.Summarize(answers);
        Console.WriteLine(summary is null ? "No answers yet." : TuringReportText.Markdown(summary));
        if (summary is not null && store.Meta(TuringCreateCommand.FakeCheckpointKey) is { } checkpoint && RunCards.IsRun(checkpoint))
            RunCards.Report(() => RunCards.AddMetrics(checkpoint, CardSection(summary, store, checkpoint)));
        if (settings.Csv is { } csv)
        {
            string text = AnswersCsv.Write(store);
            AtomicFile.Write(csv, s => s.Write(System.Text.Encoding.UTF8.GetBytes(text)));
            Console.WriteLine($"raw answers: {csv}");
        }
        return 0;
    }

    /// <summary>Prints what the check found; any problem ends the command with an error (exit 1) before the statistics.</summary>
    private static void Verify(StudyStore store, string path)
    {
        var v = StudyVerifier.Verify(store);
        foreach (var problem in v.Problems) Console.WriteLine($"verify: {problem}");
        if (!v.Ok) throw new InvalidDataException($"--study {path}: verification failed: {v.Problems.Count} problem(s) in {v.Rows} answer rows (listed above)");
        Console.WriteLine(v.NoIntegrityData is { } why
            ? $"verify: {v.Rows} answer rows of known raters and items; {why}"
            : $"verify: ok — {v.Rows} answer rows intact (integrity chain), each of a known rater and an item in their list; chain head {v.Head ?? "(no answers yet)"}");
        Console.WriteLine();
    }

    /// <summary>The model card's "turing" section: the pooled row with its Wilson intervals, the raters and Fleiss' κ.</summary>
    private static TidyGan.Training.CardMetrics CardSection(TuringSummary summary, StudyStore store, string checkpoint)
    {
        var o = summary.Overall;
        int raters = summary.PerRater.Count;
        var values = new List<TidyGan.Training.CardMetric>
        {
            new("accuracy", o.Accuracy.Value, o.Accuracy.Lower, o.Accuracy.Upper, o.N, Unit: "fraction", Note: "share of answers that called the image what it is; 0.5 = chance; Wilson 95% interval"),
            new("sensitivity", o.Sensitivity.Value, o.Sensitivity.Lower, o.Sensitivity.Upper, o.Sensitivity.Trials, Unit: "fraction", Note: "synthetic images called synthetic"),
            new("specificity", o.Specificity.Value, o.Specificity.Lower, o.Specificity.Upper, o.Specificity.Trials, Unit: "fraction", Note: "real images called real"),
            new("binomial_p", o.BinomialP, N: o.N, Note: "exact two-sided test against 50%; pooled answers are not independent, read it as descriptive"),
        };
        if (o.RocAuc is { } auc) values.Add(new("roc_auc", auc, N: o.N, Note: "AUC of the ±confidence rating"));
        if (summary.Fleiss is { } fleiss) values.Add(new("fleiss_kappa", fleiss.Kappa, N: fleiss.Items, Note: $"agreement of {fleiss.Raters} raters over the items all answered"));
        var step = TidyGan.Training.Checkpoint.ReadManifest(checkpoint).Step;
        return new TidyGan.Training.CardMetrics("turing", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"), step, checkpoint,
            $"visual Turing test {Path.GetFullPath(store.Path)}: real {store.Meta("real")}; synthetic {store.Meta("fake")}", values,
            [$"{raters} rater(s), {o.N} answers; window {store.Meta("window")} {store.Meta("unit")}"]);
    }
}
