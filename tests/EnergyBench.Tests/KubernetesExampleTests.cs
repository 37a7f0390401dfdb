using YamlDotNet.RepresentationModel;
using static EnergyBench.Tests.ClusterExamples;

namespace EnergyBench.Tests;

/// <summary>
/// The Kubernetes manifest parses and holds what the scheduler needs: an Indexed Job with one shard per pod and one pod
/// per node, a shared claim for runs/, plan and merge Jobs, and a step label on each for <c>kubectl apply -l</c>.
/// </summary>
public sealed class KubernetesExampleTests
{
    private static readonly IReadOnlyList<YamlMappingNode> Documents = YamlDocuments(Kubernetes);

    private static YamlMappingNode Named(string kind, string name) =>
        Documents.Single(d => Text(d, "kind") == kind && Text(d, "metadata.name") == name);

    private static string Env(YamlNode container, string name) =>
        Text(Items(container, "env").Single(e => Text(e, "name") == name), "value");

    [Fact]
    public void The_shards_are_an_indexed_job_of_one_completion_per_shard_all_running_at_once()
    {
        var shards = Named("Job", "energybench-shards");

        Assert.Equal("Indexed", Text(shards, "spec.completionMode"));
        int completions = int.Parse(Text(shards, "spec.completions"));
        Assert.Equal(completions, int.Parse(Text(shards, "spec.parallelism")));
        var container = Items(shards, "spec.template.spec.containers").Single();
        Assert.Equal(completions, int.Parse(Env(container, "SHARDS")));
        Assert.Equal(completions, int.Parse(Env(Items(Named("Job", "energybench-merge"), "spec.template.spec.containers").Single(), "SHARDS")));
        Assert.Equal("Never", Text(shards, "spec.template.spec.restartPolicy"));
        // JOB_COMPLETION_INDEX counts from 0; --shard from 1.
        Assert.Contains("shard=$((JOB_COMPLETION_INDEX + 1))", Scalar(Items(container, "args").Single()));
    }

    [Fact]
    public void No_two_shards_share_a_node()
    {
        var pod = At(Named("Job", "energybench-shards"), "spec.template");
        var rule = Items(pod, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution").Single();

        Assert.Equal("kubernetes.io/hostname", Text(rule, "topologyKey"));
        var selector = Assert.IsType<YamlMappingNode>(At(rule, "labelSelector.matchLabels"));
        var labels = Assert.IsType<YamlMappingNode>(At(pod, "metadata.labels"));
        Assert.NotEmpty(selector.Children);
        Assert.All(selector.Children, pair => Assert.Equal(Scalar(pair.Value), Text(labels, Scalar(pair.Key))));
    }

    [Fact]
    public void Every_job_mounts_the_shared_claim_that_holds_the_runs()
    {
        var claim = Named("PersistentVolumeClaim", "energybench-data");
        Assert.Contains("ReadWriteMany", Items(claim, "spec.accessModes").Select(Scalar));

        foreach (var job in Documents.Where(d => Text(d, "kind") == "Job"))
        {
            var spec = At(job, "spec.template.spec");
            var volume = Items(spec, "volumes").Single();
            Assert.Equal("energybench-data", Text(volume, "persistentVolumeClaim.claimName"));
            var mounts = Items(Items(spec, "containers").Single(), "volumeMounts");
            Assert.Contains(mounts, m => Text(m, "name") == Text(volume, "name") && Text(m, "mountPath") == "/data");
        }
    }

    [Fact]
    public void Each_step_is_labelled_for_kubectl_apply_in_order()
    {
        Assert.Equal(["storage", "plan", "shards", "merge"], Documents.Select(d => Text(d, "metadata.labels.step")));
        string header = File.ReadAllText(PathOf(Kubernetes));
        foreach (string step in new[] { "storage", "plan", "shards", "merge" })
            Assert.Contains($"kubectl apply -f bench/cluster/{Kubernetes} -l step={step}", header);
    }
}
