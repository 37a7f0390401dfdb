using System.Text.Json.Nodes;
using System.Text.Json;
using EnergyBench.Models.Tokenization;

namespace EnergyBench.Models.Tests;

public class ModelTokenizerTests
{
    private static readonly string[] Merges = ["h e", "l l", "he ll", "hell o"];

    /// <summary>GPT-2's byte-to-unicode table: printable bytes map to themselves, the rest to U+0100 onwards.</summary>
    private static Dictionary<string, int> ByteLevelVocab()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToHashSet();
        var vocab = new Dictionary<string, int>();
        int extra = 0;
        for (int b = 0; b < 256; b++)
            vocab[((char)(printable.Contains(b) ? b : 256 + extra++)).ToString()] = b;
        foreach (string merge in Merges)
            vocab[merge.Replace(" ", "")] = vocab.Count;
        vocab["<|endoftext|>"] = vocab.Count; // every GPT-2 vocabulary ends with it
        return vocab;
    }

    [Fact]
    public void Vocab_and_merges_load_as_byte_level_bpe()
    {
        using var dir = new TempDirectory();
        var vocab = ByteLevelVocab();
        File.WriteAllText(dir.File("vocab.json"), JsonSerializer.Serialize(vocab));
        File.WriteAllText(dir.File("merges.txt"), "#version: 0.2\n" + string.Join("\n", Merges) + "\n");

        var tokenizer = ModelTokenizer.Load(dir.Path);
        var ids = tokenizer.EncodeToIds("hello hello");
        Assert.Equal([vocab["hello"], vocab["Ġ"], vocab["hello"]], ids);
        Assert.Equal("hello hello", tokenizer.Decode(ids));
    }

    [Fact]
    public void A_bpe_tokenizer_json_gives_the_same_ids()
    {
        using var dir = new TempDirectory();
        var vocab = ByteLevelVocab();
        var json = new { model = new { type = "BPE", vocab, merges = Merges.Select(m => m.Split(' ')).ToArray() } };
        File.WriteAllText(dir.File("tokenizer.json"), JsonSerializer.Serialize(json));

        var ids = ModelTokenizer.Load(dir.Path).EncodeToIds("hello hello");
        Assert.Equal([vocab["hello"], vocab["Ġ"], vocab["hello"]], ids);
    }

    [Fact]
    public void The_tiktoken_description_loads_cl100k()
    {
        using var dir = new TempDirectory();
        ModelTokenizer.WriteTiktokenDescription(dir.Path, "cl100k_base", 256);
        var tokenizer = ModelTokenizer.Load(dir.Path);
        var ids = tokenizer.EncodeToIds("def add(a, b):");
        Assert.Equal("def add(a, b):", tokenizer.Decode(ids));
        Assert.Equal(tokenizer.EncodeToIds("<|endoftext|>"), [100257]);
    }

    [Fact]
    public void A_directory_without_a_tokenizer_says_what_it_expected()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<ModelFormatException>(() => ModelTokenizer.Load(dir.Path));
        Assert.Contains("vocab.json + merges.txt", error.Message);
    }

    [Fact]
    public void A_non_bpe_tokenizer_json_is_rejected()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), "{\"model\":{\"type\":\"Unigram\"}}");
        Assert.StartsWith("model type 'Unigram' is not supported", Assert.Throws<ModelFormatException>(() => ModelTokenizer.Load(dir.Path)).Problem);
    }

    [Fact]
    public void A_sentencepiece_style_bpe_tokenizer_json_is_read_over_metaspace_marked_text_not_as_byte_level()
    {
        // Read as byte-level BPE, "a" would be the piece "a" (2); Metaspace marks it "▁a" first.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"),
            "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"▁a\":0,\"▁\":1,\"a\":2},\"merges\":[\"▁ a\"]}," +
            "\"pre_tokenizer\":{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"always\",\"split\":false}}");
        Assert.Equal([0], ModelTokenizer.Load(dir.Path).EncodeToIds("a"));
    }

    private static string WriteVocabAndMerges(TempDirectory dir, Dictionary<string, int> vocab)
    {
        File.WriteAllText(dir.File("vocab.json"), JsonSerializer.Serialize(vocab));
        File.WriteAllText(dir.File("merges.txt"), "#version: 0.2\n" + string.Join("\n", Merges) + "\n");
        return dir.Path;
    }

    [Fact]
    public void Indented_code_stays_inside_a_gpt2_vocabulary_without_extra_whitespace_tokens()
    {
        // GPT-2 has no tokens for runs of spaces; CodeGen's tokenizer adds them at ids 50257-50294.
        using var dir = new TempDirectory();
        var vocab = ByteLevelVocab();
        var tokenizer = ModelTokenizer.Load(WriteVocabAndMerges(dir, vocab));
        string code = "def f():\n        return 1\n\t\tpass";
        var ids = tokenizer.EncodeToIds(code);
        Assert.All(ids, id => Assert.InRange(id, 0, vocab.Count - 1));
        Assert.Equal(code, tokenizer.Decode(ids));
        Assert.Equal([vocab["<|endoftext|>"]], tokenizer.EncodeToIds("<|endoftext|>"));
    }

    [Fact]
    public void Added_tokens_are_split_off_first_and_the_longest_wins()
    {
        using var dir = new TempDirectory();
        var vocab = ByteLevelVocab();
        WriteVocabAndMerges(dir, vocab);
        int two = vocab.Count, four = vocab.Count + 1;
        File.WriteAllText(dir.File("added_tokens.json"), JsonSerializer.Serialize(new Dictionary<string, int> { ["  "] = two, ["    "] = four }));

        var tokenizer = ModelTokenizer.Load(dir.Path);
        Assert.Equal([four, four, two, vocab["hello"]], tokenizer.EncodeToIds("          hello"));
        Assert.Equal("          hello", tokenizer.Decode(tokenizer.EncodeToIds("          hello")));
    }

    [Fact]
    public void A_tokenizer_json_brings_its_added_tokens()
    {
        using var dir = new TempDirectory();
        var vocab = ByteLevelVocab();
        int fim = vocab.Count;
        var json = new
        {
            added_tokens = new[] { new { id = fim, content = "<fim_prefix>", special = true } },
            model = new { type = "BPE", vocab, merges = Merges.Select(m => m.Split(' ')).ToArray() },
        };
        File.WriteAllText(dir.File("tokenizer.json"), JsonSerializer.Serialize(json));

        var ids = ModelTokenizer.Load(dir.Path).EncodeToIds("<fim_prefix>hello");
        Assert.Equal([fim, vocab["hello"]], ids);
    }

    [Theory]
    [InlineData("{\"type\":\"NFC\"}", null)]
    [InlineData("{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFC\"}]}", null)]
    [InlineData("{\"type\":\"Lowercase\"}", "normalizer 'Lowercase' is not supported (supported: none, NFC)")]
    public void Normalizers_other_than_nfc_are_refused_by_name(string normalizer, string? expected)
    {
        using var dir = new TempDirectory();
        var json = new JsonObject
        {
            ["normalizer"] = JsonNode.Parse(normalizer),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["vocab"] = JsonSerializer.SerializeToNode(ByteLevelVocab()),
                ["merges"] = JsonSerializer.SerializeToNode(Merges),
            },
        };
        File.WriteAllText(dir.File("tokenizer.json"), json.ToJsonString());
        if (expected is null)
            Assert.Equal("hello", ModelTokenizer.Load(dir.Path).Decode(ModelTokenizer.Load(dir.Path).EncodeToIds("hello")));
        else
            Assert.Equal(expected, Assert.Throws<ModelFormatException>(() => ModelTokenizer.Load(dir.Path)).Problem);
    }

    [Fact]
    public void A_tokenizer_json_wins_over_vocab_and_merges_because_it_carries_the_pre_tokenizer()
    {
        // StarCoder ships both; only tokenizer.json says that every digit is its own piece.
        using var dir = new TempDirectory();
        var vocab = ByteLevelVocab();
        vocab["12"] = vocab.Count;
        WriteVocabAndMerges(dir, vocab);
        File.AppendAllText(dir.File("merges.txt"), "1 2\n");
        var json = new JsonObject
        {
            ["pre_tokenizer"] = JsonNode.Parse("{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Digits\",\"individual_digits\":true},{\"type\":\"ByteLevel\",\"use_regex\":true}]}"),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["vocab"] = JsonSerializer.SerializeToNode(vocab),
                ["merges"] = JsonSerializer.SerializeToNode(Merges.Append("1 2").ToArray()),
            },
        };
        File.WriteAllText(dir.File("tokenizer.json"), json.ToJsonString());

        Assert.Equal([vocab["1"], vocab["2"]], ModelTokenizer.Load(dir.Path).EncodeToIds("12"));
        Assert.Equal("tokenizer.json", ModelTokenizer.Describe(dir.Path));
        File.Delete(dir.File("tokenizer.json"));
        Assert.Equal([vocab["12"]], ModelTokenizer.Load(dir.Path).EncodeToIds("12"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_byte_level_tokenizer_json_adds_what_its_post_processor_says(bool template)
    {
        // GPT-2's ByteLevel post-processor adds nothing; a TemplateProcessing "<|endoftext|> $A" puts it first.
        using var dir = new TempDirectory();
        var vocab = ByteLevelVocab();
        int endOfText = vocab["<|endoftext|>"];
        var json = new JsonObject
        {
            ["post_processor"] = JsonNode.Parse(template
                ? "{\"type\":\"TemplateProcessing\",\"single\":[{\"SpecialToken\":{\"id\":\"<|endoftext|>\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}}]," +
                  $"\"special_tokens\":{{\"<|endoftext|>\":{{\"id\":\"<|endoftext|>\",\"ids\":[{endOfText}],\"tokens\":[\"<|endoftext|>\"]}}}}}}"
                : "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}"),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["vocab"] = JsonSerializer.SerializeToNode(vocab),
                ["merges"] = JsonSerializer.SerializeToNode(Merges),
            },
        };
        File.WriteAllText(dir.File("tokenizer.json"), json.ToJsonString());

        int[] hello = [vocab["hello"]];
        Assert.Equal(template ? [endOfText, .. hello] : hello, ModelTokenizer.Load(dir.Path).EncodeToIds("hello"));
        Assert.Equal(hello, ModelTokenizer.Load(dir.Path, addSpecialTokens: false).EncodeToIds("hello"));
    }
}
