using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;
using EnergyBench.Inference.Prompts;

namespace EnergyBench.Inference.Tests;

public class PromptVocabularyTests(TestModelFixture fixture) : IClassFixture<TestModelFixture>
{
    [Fact]
    public void The_first_id_outside_the_vocabulary_is_found()
    {
        Assert.Null(PromptVocabularyCheck.FirstOutside([0, 5, 9], 10));
        Assert.Equal(10, PromptVocabularyCheck.FirstOutside([3, 10, 12], 10));
        Assert.Equal(-1, PromptVocabularyCheck.FirstOutside([-1], 10));
    }

    [Theory]
    [InlineData("torch-cpu")]
    [InlineData("onnx-cpu")]
    public void Generation_refuses_an_id_the_model_has_no_embedding_for(string configuration)
    {
        using var engine = EngineFactory.Create(ServingConfiguration.Parse(configuration), fixture.Model, new EngineOptions(1));
        var error = Assert.Throws<ArgumentException>(() => GreedyGenerator.Generate(engine, [5, engine.VocabSize], 2));
        Assert.Equal($"prompt token id {engine.VocabSize} is outside the model's vocabulary of {engine.VocabSize} ids", error.Message);
    }
}
