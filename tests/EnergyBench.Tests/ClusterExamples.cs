using System.Text.RegularExpressions;
using EnergyBench.Models;
using YamlDotNet.RepresentationModel;

namespace EnergyBench.Tests;

/// <summary>The scheduler examples in bench/cluster: their files, YAML documents, shell scripts and <c>./run.sh</c> command lines.</summary>
public static partial class ClusterExamples
{
    public static string Folder => Path.Combine(SuitePaths.Root, "bench", "cluster");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static readonly string[] SlurmScripts = ["slurm.sbatch", "slurm-merge.sbatch"];
    public const string Kubernetes = "k8s-indexed-job.yaml";
    public const string GitHubActions = "github-actions.yml";

    public static IEnumerable<string> AllFiles => [.. SlurmScripts, Kubernetes, GitHubActions];

    public static IReadOnlyList<YamlMappingNode> YamlDocuments(string name)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(PathOf(name)))
            stream.Load(reader);
        return stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode)).ToList();
    }

    /// <summary>The node at a dotted path (<c>spec.template.spec</c>); a missing key fails the test naming the path.</summary>
    public static YamlNode At(YamlNode node, string path)
    {
        foreach (string key in path.Split('.'))
        {
            var mapping = Assert.IsType<YamlMappingNode>(node);
            Assert.True(mapping.Children.TryGetValue(new YamlScalarNode(key), out var child), $"no '{key}' in '{path}'");
            node = child!;
        }
        return node;
    }

    public static string Text(YamlNode node, string path) => Scalar(At(node, path));

    public static string Scalar(YamlNode node) => Assert.IsType<YamlScalarNode>(node).Value!;

    public static IReadOnlyList<YamlNode> Items(YamlNode node, string path) => Assert.IsType<YamlSequenceNode>(At(node, path)).Children.ToList();

    public static bool Has(YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>
    /// Every shell script an example runs, named for messages: the Slurm files whole, each Kubernetes container's
    /// <c>bash -c</c> script and each GitHub Actions <c>run</c> step. Actions replaces <c>${{ ... }}</c> before the shell
    /// sees the script, so those expressions become a plain word here.
    /// </summary>
    public static IEnumerable<(string Name, string Script)> ShellScripts()
    {
        foreach (string name in SlurmScripts)
            yield return (name, File.ReadAllText(PathOf(name)));
        foreach (var job in YamlDocuments(Kubernetes).Where(d => Text(d, "kind") == "Job"))
            foreach (var container in Items(job, "spec.template.spec.containers"))
            {
                Assert.Equal(["bash", "-c"], Items(container, "command").Select(Scalar));
                yield return ($"{Kubernetes}: {Text(job, "metadata.name")}", Scalar(Items(container, "args").Single()));
            }
        var workflow = YamlDocuments(GitHubActions).Single();
        foreach (var (key, job) in Assert.IsType<YamlMappingNode>(At(workflow, "jobs")).Children)
            foreach (var step in Items(job, "steps").Where(s => Has(s, "run")))
                yield return ($"{GitHubActions}: {key}", ActionsExpression().Replace(Text(step, "run"), "1"));
    }

    /// <summary>
    /// Every <c>./run.sh</c> command line in a text, comments included (they document the steps to type): from
    /// <c>./run.sh</c> to the end of the command (line end, a comment, <c>&amp;&amp;</c>, <c>;</c>, <c>|</c>), continuation lines joined.
    /// </summary>
    public static IEnumerable<string> RunCommandLines(string text)
    {
        string joined = text.Replace("\\\r\n", " ").Replace("\\\n", " ");
        foreach (Match match in RunCommand().Matches(joined))
            yield return match.Value.Trim();
    }

    /// <summary>The verb (the first word after <c>./run.sh</c>) and the option names (<c>--x</c>, also from <c>--x=value</c>).</summary>
    public static (string Verb, IReadOnlyList<string> Options) Parse(string commandLine)
    {
        var words = commandLine.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.True(words.Count > 0, $"no verb in '{commandLine}'");
        var options = words.Skip(1).Select(w => OptionName().Match(w)).Where(m => m.Success).Select(m => m.Value).ToList();
        return (words[0], options);
    }

    [GeneratedRegex(@"\$\{\{[^}]*\}\}")]
    private static partial Regex ActionsExpression();

    [GeneratedRegex(@"\./run\.sh\s[^\n#;|&]*")]
    private static partial Regex RunCommand();

    [GeneratedRegex(@"^--[A-Za-z][A-Za-z0-9-]*")]
    private static partial Regex OptionName();
}
