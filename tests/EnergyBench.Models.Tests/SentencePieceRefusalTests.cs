using System.Text.Json.Nodes;
using EnergyBench.Models.Tokenization;
using static EnergyBench.Models.Tests.SentencePieceFiles;

namespace EnergyBench.Models.Tests;

/// <summary>SentencePiece-style files this suite cannot tokenize exactly are refused in one line naming the file and the construct.</summary>
public class SentencePieceRefusalTests
{
    public static TheoryData<string, string, string> Constructs => new()
    {
        { "normalizer", "{\"type\":\"NFKC\"}", "normalizer 'NFKC' is not supported with a SentencePiece-style BPE (supported: Prepend, Replace, Sequence of them)" },
        { "normalizer", "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\" +\"},\"content\":\"▁\"}", "normalizer 'Replace' with a regex pattern is not supported (only a String pattern)" },
        { "pre_tokenizer", "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Metaspace\"}]}", "pre-tokenizer 'Sequence' is not supported with a SentencePiece-style BPE (supported: none, Metaspace)" },
        { "decoder", "{\"type\":\"ByteLevel\"}", "decoder 'ByteLevel' is not supported with a SentencePiece-style BPE (supported: Replace, ByteFallback, Fuse, Strip, Metaspace, Sequence of them)" },
        { "post_processor", "{\"type\":\"RobertaProcessing\"}", "post-processor 'RobertaProcessing' is not supported (supported: none, ByteLevel, TemplateProcessing, Sequence of them)" },
    };

    [Theory]
    [MemberData(nameof(Constructs))]
    public void An_unsupported_step_is_named(string key, string step, string problem)
    {
        using var dir = new TempDirectory();
        var json = TokenizerJson(Variant.Gemma);
        json[key] = JsonNode.Parse(step);
        File.WriteAllText(dir.File("tokenizer.json"), json.ToJsonString());

        var error = Assert.Throws<ModelFormatException>(() => ModelTokenizer.Load(dir.Path));
        Assert.Equal(dir.File("tokenizer.json"), error.FilePath);
        Assert.Equal(problem, error.Problem);
    }

    [Fact]
    public void A_unigram_tokenizer_json_is_refused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), "{\"model\":{\"type\":\"Unigram\",\"vocab\":[[\"▁a\",-1.0]],\"byte_fallback\":true}}");
        Assert.StartsWith("model type 'Unigram' is not supported", Assert.Throws<ModelFormatException>(() => ModelTokenizer.Load(dir.Path)).Problem);
    }

    [Fact]
    public void An_added_token_that_strips_its_neighbours_is_refused()
    {
        using var dir = new TempDirectory();
        var json = TokenizerJson(Variant.LlamaLegacy);
        json["added_tokens"]![3]!["lstrip"] = true;
        File.WriteAllText(dir.File("tokenizer.json"), json.ToJsonString());
        Assert.Equal("added token '<fim_prefix>' with lstrip is not supported", Assert.Throws<ModelFormatException>(() => ModelTokenizer.Load(dir.Path)).Problem);
    }

    [Fact]
    public void A_unigram_tokenizer_model_is_refused()
    {
        using var dir = new TempDirectory();
        using (var file = File.Create(dir.File("tokenizer.model")))
        {
            // ModelProto { trainer_spec (2) { model_type (3) = UNIGRAM (1) } }
            file.Write([0x12, 0x02, 0x18, 0x01]);
        }
        var error = Assert.Throws<ModelFormatException>(() => ModelTokenizer.Load(dir.Path));
        Assert.Equal(dir.File("tokenizer.model"), error.FilePath);
        Assert.Equal("SentencePiece model type 1 is not supported (only BPE, type 2, as Llama and Gemma use)", error.Problem);
    }

    [Fact]
    public void A_tokenizer_model_that_is_not_a_protobuf_is_refused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.model"), "version https://git-lfs.github.com/spec/v1\n");
        var error = Assert.Throws<ModelFormatException>(() => ModelTokenizer.Load(dir.Path));
        Assert.StartsWith("not a SentencePiece model", error.Problem);
    }
}
