using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan data list`: the named datasets, their Debian packages and whether they are installed.</summary>
public sealed class DataListCommand : Command<DataListCommand.Settings>
{
    public sealed class Settings : CommandSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("name", "description", "package", "installed", "size", "images");
        foreach (var d in Datasets.List())
            table.AddRow(Markup.Escape(d.Name), Markup.Escape(d.Description), Markup.Escape(d.Package ?? "—"),
                d.Package is null ? "—" : d.Installed ? "[green]yes[/]" : $"[red]no[/]: sudo apt-get install -y {d.Package}",
                d.SizeOnDisk > 0 ? $"{d.SizeOnDisk / 1e6:F1} MB" : "—", d.ImageCount?.ToString(CultureInfo.InvariantCulture) ?? "—");
        AnsiConsole.Write(table);
        return 0;
    }
}

/// <summary>`tidygan data info FILE|DIR|cohort:PATH [--json]`: what TidyGan reads from any supported file, each DICOM series in a folder, or a cohort's subjects × modalities, splits and problems.</summary>
public sealed class DataInfoCommand : Command<DataInfoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A NIfTI (.nii, .nii.gz, .hdr/.img), IDX, InVesalius .inv3, PNG or DICOM file, or a folder of DICOM files, or cohort:PATH")]
        public string File { get; init; } = "";

        [CommandOption("--json")]
        [Description("Print JSON instead of a table")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.File.StartsWith(CohortSlices.Prefix, StringComparison.Ordinal)) return Cohort(settings);
        if (!System.IO.File.Exists(settings.File) && !Directory.Exists(settings.File)) throw new FileNotFoundException($"{settings.File}: no such file or folder");
        if (DataInfo.IsDicom(settings.File)) return Dicom(settings);
        var info = DataInfo.Describe(settings.File);
        if (settings.Json)
        {
            Console.WriteLine(info.ToJson());
            return 0;
        }
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("field", "value");
        string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        table.AddRow("file", Markup.Escape(info.File));
        table.AddRow("format", Markup.Escape(info.Format));
        table.AddRow("shape", string.Join(" × ", info.Shape));
        table.AddRow("datatype", Markup.Escape(info.DataType));
        table.AddRow("spacing", string.Join(" × ", info.Spacing.Select(F)));
        var affine = string.Join("\n", Enumerable.Range(0, 4).Select(r => string.Join("  ", Enumerable.Range(0, 4).Select(c => F(info.Affine[r, c]).PadLeft(10)))));
        table.AddRow("affine", Markup.Escape(affine));
        table.AddRow("min / max / mean", $"{F(info.Min)} / {F(info.Max)} / {F(info.Mean)}");
        table.AddRow("intensity", info.Kind.ToString());
        AnsiConsole.Write(table);
        return 0;
    }

    private static int Cohort(Settings settings)
    {
        var info = CohortDescription.Of(settings.File);
        if (settings.Json)
        {
            Console.WriteLine(info.ToJson());
            return 0;
        }
        string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("subject").AddColumn("split").AddColumn("label")
            .Title(Markup.Escape($"cohort {info.Path}: {info.Subjects.Count} subjects, split 0.8/0.1/0.1 seed 0 (or the manifest's)"));
        foreach (var m in info.Modalities) table.AddColumn(Markup.Escape(m));
        foreach (var s in info.Subjects)
        {
            var cells = new List<string> { Markup.Escape(s.Subject), s.Split, Markup.Escape(s.Label ?? "—") };
            foreach (var m in info.Modalities)
            {
                var i = s.Items.FirstOrDefault(x => x.Modality == m);
                cells.Add(i is null ? "[red]missing[/]" : i.Error is not null ? "[red]unreadable[/]"
                    : Markup.Escape($"{string.Join("×", i.Shape)} @ {string.Join("×", i.Spacing.Take(3).Select(F))} mm {i.Orientation}"));
            }
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
        if (info.Problems.Count == 0) AnsiConsole.MarkupLine("[green]no problems found[/]");
        foreach (var p in info.Problems) AnsiConsole.MarkupLine($"[yellow]problem[/]: {Markup.Escape(p)}");
        return 0;
    }

    private static int Dicom(Settings settings)
    {
        var all = DataInfo.DescribeDicom(settings.File);
        if (settings.Json)
        {
            Console.WriteLine(DicomSeriesDescription.ToJson(settings.File, all));
            return 0;
        }
        string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        foreach (var s in all)
        {
            var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("field", "value")
                .Title(Markup.Escape($"DICOM series {s.SeriesInstanceUid}"));
            table.AddRow("modality", Markup.Escape(s.Modality));
            table.AddRow("description", Markup.Escape(s.Description));
            table.AddRow("files", s.Files.ToString(CultureInfo.InvariantCulture));
            table.AddRow("dims", string.Join(" × ", s.Shape));
            table.AddRow("spacing (mm)", string.Join(" × ", s.Spacing.Select(F)));
            var affine = string.Join("\n", Enumerable.Range(0, 4).Select(r => string.Join("  ", Enumerable.Range(0, 4).Select(c => F(s.Affine[r, c]).PadLeft(10)))));
            table.AddRow("affine (RAS)", Markup.Escape(affine));
            table.AddRow("min / max / mean", $"{F(s.Min)} / {F(s.Max)} / {F(s.Mean)}{(s.Kind == IntensityKind.Hounsfield ? " HU" : "")}");
            table.AddRow("intensity", s.Kind.ToString());
            foreach (var w in s.Warnings) table.AddRow("[yellow]warning[/]", Markup.Escape(w));
            AnsiConsole.Write(table);
        }
        return 0;
    }
}
