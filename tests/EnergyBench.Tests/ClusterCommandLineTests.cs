namespace EnergyBench.Tests;

/// <summary>
/// The <c>./run.sh</c> command lines of the scheduler examples and of the README's "Run on a cluster" use only options
/// their verb knows, and each example runs every step: plan, shard, resume, merge, analyze.
/// </summary>
public sealed class ClusterCommandLineTests
{
    public static TheoryData<string> Files => new(ClusterExamples.AllFiles);

    [Fact]
    public void The_checks_cover_every_file_of_the_examples()
    {
        var files = Directory.GetFiles(ClusterExamples.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(ClusterExamples.AllFiles.Order(StringComparer.Ordinal), files);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_command_line_uses_options_its_verb_knows(string name) =>
        AssertKnownOptions(name, File.ReadAllText(ClusterExamples.PathOf(name)));

    [Fact]
    public void The_readme_section_uses_options_its_verb_knows()
    {
        string readme = File.ReadAllText(Path.Combine(EnergyBench.Models.SuitePaths.Root, "README.md"));
        int start = readme.IndexOf("\n## Run on a cluster\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no section '## Run on a cluster'");
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        AssertKnownOptions("README.md, Run on a cluster", readme[start..(end < 0 ? readme.Length : end)]);
    }

    [Theory]
    [InlineData("slurm.sbatch", "slurm-merge.sbatch")]
    [InlineData("k8s-indexed-job.yaml", null)]
    [InlineData("github-actions.yml", null)]
    public void Each_scheduler_plans_runs_resumes_merges_and_analyzes(string name, string? mergeFile)
    {
        var lines = new[] { name, mergeFile }.OfType<string>()
            .SelectMany(file => ClusterExamples.RunCommandLines(File.ReadAllText(ClusterExamples.PathOf(file))))
            .Select(ClusterExamples.Parse).ToList();

        Assert.Contains(lines, l => l.Verb == "bench" && Has(l.Options, "--protocol", "--dry-run", "--artifacts"));
        Assert.Contains(lines, l => l.Verb == "bench" && Has(l.Options, "--protocol", "--shard", "--plan", "--artifacts"));
        Assert.Contains(lines, l => l.Verb == "bench" && Has(l.Options, "--resume"));
        Assert.Contains(lines, l => l.Verb == "merge" && Has(l.Options, "--out"));
        Assert.Contains(lines, l => l.Verb == "analyze");
    }

    [Fact]
    public void The_check_refuses_an_unknown_option_and_an_unknown_verb()
    {
        Assert.Throws<Xunit.Sdk.TrueException>(() => AssertKnownOptions("sample", "./run.sh bench --shards 1/2"));
        Assert.Throws<Xunit.Sdk.TrueException>(() => AssertKnownOptions("sample", "./run.sh mrege a b --out c"));
    }

    private static bool Has(IReadOnlyList<string> options, params string[] wanted) => wanted.All(options.Contains);

    private static void AssertKnownOptions(string source, string text)
    {
        var commandLines = ClusterExamples.RunCommandLines(text).ToList();
        Assert.NotEmpty(commandLines);
        foreach (string commandLine in commandLines)
        {
            var (verb, options) = ClusterExamples.Parse(commandLine);
            var known = ExampleCommandOptions.Of(verb);
            Assert.True(known is not null, $"{source}: '{commandLine}': {verb} is not a verb ExampleCommandOptions lists");
            foreach (string option in options)
                Assert.True(known.Contains(option), $"{source}: '{commandLine}': {verb} has no option {option}");
        }
    }
}
