using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using EnergyBench.Models;
using EnergyBench.Models.Tokenization;

namespace EnergyBench.Cli;

/// <summary>
/// <c>tokenize</c>: a model's tokenizer on texts, to check it against another implementation. Needs only the
/// tokenizer files, not the weights.
/// </summary>
public static class TokenizeCommand
{
    // Texts are code: keep '+', '<' and non-ASCII readable rather than \u-escaped (still valid JSON).
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "preset name or model directory (the tokenizer files are enough)", Required = true };
        var text = new Option<string?>("--text") { Description = "one text" };
        var file = new Option<string?>("--file") { Description = "JSONL with one {\"text\": ...} per line" };
        var noSpecialTokens = new Option<bool>("--no-special-tokens")
        {
            Description = "the text's ids alone, without the special tokens (e.g. Llama's and Gemma's BOS) the tokenizer adds as Hugging Face's tokenizer(text) does",
        };
        var command = new Command("tokenize", "Print {\"ids\", \"text\"} (the ids decoded again) per text, one JSON object a line") { model, text, file, noSpecialTokens };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var texts = Texts(result.GetValue(text), result.GetValue(file));
            var directory = ModelDirectory.Resolve(result.GetValue(model)!).RequireBuilt();
            var tokenizer = ModelTokenizer.Load(directory.Path, addSpecialTokens: !result.GetValue(noSpecialTokens));
            foreach (string input in texts)
            {
                var ids = tokenizer.EncodeToIds(input);
                Console.WriteLine(JsonSerializer.Serialize(new { ids, text = tokenizer.Decode(ids) }, Output));
            }
            return 0;
        }));
        return command;
    }

    private static IReadOnlyList<string> Texts(string? text, string? file)
    {
        if ((text is null) == (file is null))
            throw new ArgumentException("give exactly one of --text and --file");
        if (text is not null)
            return [text];
        if (!File.Exists(file))
            throw new ArgumentException($"--file: {file}: file not found");
        var texts = new List<string>();
        int number = 0;
        foreach (string line in File.ReadLines(file!))
        {
            number++;
            if (line.Trim().Length == 0)
                continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                texts.Add(json.RootElement.GetProperty("text").GetString() ?? throw new InvalidOperationException());
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new ArgumentException($"{file}:{number}: expected a JSON object with a string \"text\"");
            }
        }
        return texts;
    }
}
