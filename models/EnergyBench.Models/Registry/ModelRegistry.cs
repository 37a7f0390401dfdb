using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnergyBench.Models.Registry;

/// <summary>
/// The study's twelve models (<c>models/models.json</c>, embedded in this assembly so that the app and the benchmark
/// processes BenchmarkDotNet starts from a generated folder read the same file). A model is named by its short name or
/// its hub id, in any case; <see cref="Selectors"/> name groups of them.
/// </summary>
public static class ModelRegistry
{
    public const string FileName = "models.json";
    /// <summary>Appended to a model's name or a selector, it names the synthetic twins instead of the downloads.</summary>
    public const string TwinSuffix = "-synthetic";
    private const string ResourceName = "EnergyBench.Models.models.json";

    /// <summary>The study's size categories (Table 1), and all twelve.</summary>
    public static IReadOnlyList<string> Selectors { get; } = ["category1", "category2", "category3", "study"];

    public static IReadOnlyList<StudyModel> All => _all.Value;

    private static readonly Lazy<IReadOnlyList<StudyModel>> _all = new(Load);

    /// <summary>The model of that short name or hub id (case-insensitive), or null.</summary>
    public static StudyModel? Find(string nameOrHubId) =>
        All.FirstOrDefault(m => m.Name.Equals(nameOrHubId, StringComparison.OrdinalIgnoreCase)
                                || m.HubId.Equals(nameOrHubId, StringComparison.OrdinalIgnoreCase));

    public static StudyModel Get(string nameOrHubId) =>
        Find(nameOrHubId) ?? throw new ArgumentException($"unknown study model '{nameOrHubId}' (known: {KnownNames})");

    /// <summary>The model whose twin <paramref name="reference"/> names (<c>NAME-synthetic</c>, by short name or hub id), or null.</summary>
    public static StudyModel? FindTwin(string reference) =>
        reference.EndsWith(TwinSuffix, StringComparison.OrdinalIgnoreCase) ? Find(reference[..^TwinSuffix.Length]) : null;

    public static bool IsSelector(string text) => Selectors.Contains(text, StringComparer.OrdinalIgnoreCase);

    private static bool IsTwinSelector(string text) =>
        text.EndsWith(TwinSuffix, StringComparison.OrdinalIgnoreCase) && IsSelector(text[..^TwinSuffix.Length]);

    /// <summary>The models a selector names, in the registry's order.</summary>
    public static IReadOnlyList<StudyModel> Select(string selector) => selector.ToLowerInvariant() switch
    {
        "study" => All,
        "category1" => All.Where(m => m.Category == 1).ToList(),
        "category2" => All.Where(m => m.Category == 2).ToList(),
        "category3" => All.Where(m => m.Category == 3).ToList(),
        _ => throw new ArgumentException($"unknown model selector '{selector}' (known: {string.Join(", ", Selectors)})"),
    };

    /// <summary>
    /// A <c>--models</c> list with each selector replaced by its models' names and each hub id by the short name
    /// (so reports name a model one way), <c>-synthetic</c> kept on both (<c>category1-synthetic</c>: the four twins);
    /// existing directories and other names pass unchanged; repeats are dropped.
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> references) =>
        references.SelectMany(reference =>
                Directory.Exists(reference) ? [reference] // a directory wins, as in ModelDirectory.Resolve
                : IsSelector(reference) ? Select(reference).Select(m => m.Name)
                : IsTwinSelector(reference) ? Select(reference[..^TwinSuffix.Length]).Select(m => m.TwinName)
                : Find(reference) is { } model ? [model.Name]
                : FindTwin(reference) is { } twin ? [twin.TwinName]
                : [reference])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>"name, name, ..." of the twelve, for messages that list what is known.</summary>
    public static string KnownNames => string.Join(", ", All.Select(m => m.Name));

    private static IReadOnlyList<StudyModel> Load()
    {
        using var stream = typeof(ModelRegistry).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(ModelRegistry).Assembly.GetName().Name}");
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
            RespectNullableAnnotations = true,
        };
        try
        {
            return JsonSerializer.Deserialize<RegistryFile>(stream, options)!.Models;
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(FileName, $"not a valid model registry ({e.Message})", e);
        }
    }

    private sealed record RegistryFile(string About, IReadOnlyList<StudyModel> Models);
}
