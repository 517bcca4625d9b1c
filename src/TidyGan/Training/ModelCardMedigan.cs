using System.Globalization;
using System.Text.Json.Nodes;

namespace TidyGan.Training;

/// <summary>
/// The card's fields in the layout of one medigan model entry (config/global.json: execution, selection, description;
/// its templates/template.json), field for field as docs/model-cards.md's table maps them. Fields TidyGan has no value
/// for are null or empty, as in medigan's own entries.
/// </summary>
public static class ModelCardMedigan
{
    public static JsonObject Of(ModelCard card)
    {
        var first = card.Data[0];
        int size = first.Preprocessing.ImageSize;
        var evaluate = card.Metrics.GetValueOrDefault("evaluate");
        var fd = evaluate?.Values.FirstOrDefault(v => v.Name == "fd");
        var cas = evaluate?.Values.FirstOrDefault(v => v.Name == "cas");
        var turing = card.Metrics.GetValueOrDefault("turing")?.Values.FirstOrDefault(v => v.Name == "accuracy");
        string extension = card.Export is { } e ? Path.GetExtension(e.File) : Path.GetExtension(card.Checkpoint.WeightsFile);
        double? epochs = first.Images > 0 ? Math.Round((double)card.Training.Steps * card.Training.BatchSize / first.Images, 3) : null;

        return new JsonObject
        {
            ["execution"] = new JsonObject
            {
                ["package_name"] = card.Export?.File ?? Path.GetFileName(card.Checkpoint.Folder),
                ["package_link"] = card.Export?.File ?? card.Checkpoint.Folder,
                ["model_name"] = Path.GetFileNameWithoutExtension(card.Export?.File ?? card.Checkpoint.WeightsFile),
                ["extension"] = extension,
                ["image_size"] = new JsonArray(size, size),
                ["dependencies"] = Strings(card.Export is { Format: "onnx" } ? ["onnxruntime"] : ["TidyGan", "TorchSharp"]),
                ["generate_method"] = new JsonObject
                {
                    ["name"] = card.Model.Kind switch { "cyclegan" => "tidygan translate", "segmentation" => "tidygan segment predict", _ => "tidygan sample" },
                    ["args"] = new JsonObject { ["base"] = Strings(["checkpoint", "out"]), ["custom"] = new JsonObject() },
                },
            },
            ["selection"] = new JsonObject
            {
                ["performance"] = new JsonObject
                {
                    ["SSIM"] = null, ["MSE"] = null, ["NSME"] = null, ["PSNR"] = null, ["IS"] = null,
                    ["FID"] = fd?.Value, ["FID_no_images"] = fd?.N, ["FID_ratio"] = null,
                    ["turing_test"] = turing?.Value,
                    ["downstream_task"] = new JsonObject
                    {
                        ["CLF"] = new JsonObject { ["trained_on_fake"] = new JsonObject { ["accuracy"] = cas?.Value } },
                    },
                },
                ["use_cases"] = Strings(card.Model.Kind == "segmentation" ? ["segmentation"] : ["research", "teaching"]),
                ["organ"] = Strings(card.Data.Any(d => IsHead(d.Name)) ? ["head", "brain"] : []),
                ["modality"] = Strings(card.Data.Select(Modality).OfType<string>().Distinct()),
                ["vendors"] = new JsonArray(),
                ["centres"] = new JsonArray(),
                ["function"] = Strings(card.Model.Kind switch
                {
                    "cyclegan" => ["image to image", "unpaired domain translation"],
                    "segmentation" => ["segmentation"],
                    "cgan" => ["noise to image", "conditional generation"],
                    _ => ["noise to image", "image generation", "unconditional generation"],
                }),
                ["condition"] = new JsonArray(),
                ["dataset"] = Strings(card.Data.Select(d => d.Name)),
                ["augmentations"] = Strings(card.Data.Select(d => d.Preprocessing.Augmentation).Distinct().Where(a => a != "none")),
                ["generates"] = Strings(card.Model.Kind == "cyclegan" ? card.Data.Select(d => d.Name) : first.Classes.Count > 0 ? first.Classes : [first.Name]),
                ["height"] = size,
                ["width"] = size,
                ["depth"] = null,
                ["type"] = card.Model.Name,
                ["license"] = card.Use.License,
                ["dataset_type"] = card.Data.All(d => d.Source.StartsWith("Debian package", StringComparison.Ordinal) || d.Source.StartsWith("simulated", StringComparison.Ordinal))
                    ? "public" : "user-supplied",
                ["privacy_preservation"] = null,
                ["tags"] = Strings(new[] { card.Model.Kind, card.Model.Name, $"{size}x{size}" }.Concat(card.Data.Select(d => d.Name))),
                ["year"] = card.Checkpoint.CreatedUtc.Length >= 4 ? card.Checkpoint.CreatedUtc[..4] : null,
            },
            ["description"] = new JsonObject
            {
                ["title"] = card.Title,
                ["provided_date"] = card.UpdatedUtc[..10],
                ["trained_date"] = card.Checkpoint.CreatedUtc.Length >= 10 ? card.Checkpoint.CreatedUtc[..10] : card.Checkpoint.CreatedUtc,
                ["provided_after_epoch"] = epochs,
                ["version"] = card.Tool,
                ["publication"] = card.Paper.Citation,
                ["doi"] = Strings(card.Paper.Url.StartsWith("https://arxiv.org/abs/", StringComparison.Ordinal)
                    ? ["10.48550/arXiv." + card.Paper.Url["https://arxiv.org/abs/".Length..]] : []),
                ["inputs"] = Strings([string.Create(CultureInfo.InvariantCulture, $"image_size: {size}")]),
                ["comment"] = $"{card.Use.Intended} {card.Use.ClinicalUse} Checkpoint SHA-256 {card.Checkpoint.Sha256} (step {card.Checkpoint.Step}).",
            },
        };
    }

    private static bool IsHead(string name) => name is "mr-head" or "ct-head" or "sim-mr";

    private static string? Modality(CardDataSource d) =>
        d.Preprocessing.IntensityUnit == "HU" || d.Name == "ct-head" || d.Name.EndsWith(":ct", StringComparison.OrdinalIgnoreCase) ? "CT"
        : d.Name is "mr-head" or "sim-mr" || d.Name.Contains(":t1", StringComparison.OrdinalIgnoreCase) || d.Name.Contains(":t2", StringComparison.OrdinalIgnoreCase)
          || d.Name.Contains(":mr", StringComparison.OrdinalIgnoreCase) ? "MRI" : null;

    private static JsonArray Strings(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
}
