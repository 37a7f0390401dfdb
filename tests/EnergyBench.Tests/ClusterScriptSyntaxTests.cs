using System.Diagnostics;

namespace EnergyBench.Tests;

/// <summary>Every shell script of the scheduler examples parses (<c>bash -n</c>): the sbatch files, the Kubernetes containers' scripts, the workflow's steps.</summary>
public sealed class ClusterScriptSyntaxTests
{
    [BashFact]
    public void Every_script_passes_bash_n()
    {
        var scripts = ClusterExamples.ShellScripts().ToList();
        Assert.True(scripts.Count >= 8, $"found only {scripts.Count} scripts in {ClusterExamples.Folder}");
        Assert.All(scripts, script => Assert.True(Parses(script.Script, out string error), $"{script.Name}: {error}"));
    }

    [BashFact]
    public void The_check_finds_a_syntax_error()
    {
        Assert.False(Parses("if true; then\n  ./run.sh bench\n", out string error));
        Assert.NotEmpty(error);
    }

    private static bool Parses(string script, out string error)
    {
        var start = new ProcessStartInfo(Bash.Path!, "-n") { RedirectStandardInput = true, RedirectStandardError = true };
        using var bash = Process.Start(start)!;
        bash.StandardInput.Write(script.ReplaceLineEndings("\n"));
        bash.StandardInput.Close();
        error = bash.StandardError.ReadToEnd().Trim();
        bash.WaitForExit();
        return bash.ExitCode == 0;
    }
}
