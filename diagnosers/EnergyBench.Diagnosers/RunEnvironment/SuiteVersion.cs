using System.Diagnostics;

namespace EnergyBench.Diagnosers.RunEnvironment;

/// <summary>
/// The suite's version as the commit its checkout is at, read from the <c>.git</c> files themselves (no git needed),
/// and whether the work tree has changes, when git is installed to say so.
/// </summary>
public static class SuiteVersion
{
    public static EnvironmentFact Read(string root)
    {
        string git = Path.Combine(root, ".git");
        // A worktree or submodule has a .git file pointing at its git directory.
        if (File.Exists(git) && File.ReadAllText(git).Trim() is var pointer && pointer.StartsWith("gitdir:", StringComparison.Ordinal))
            git = Path.GetFullPath(Path.Combine(root, pointer["gitdir:".Length..].Trim()));
        string? commit = Commit(git);
        if (commit is null)
            return new EnvironmentFact("suite", "commit", null, $"{root} is not a git checkout (or its HEAD cannot be read)");
        return new EnvironmentFact("suite", "commit", Dirty(root) is { } dirty ? $"{commit}{dirty}" : commit);
    }

    /// <summary>HEAD's commit: detached, a loose ref, or a packed ref (in the common directory for worktrees).</summary>
    public static string? Commit(string gitDirectory)
    {
        string? head = ReadText(Path.Combine(gitDirectory, "HEAD"));
        if (head is null)
            return null;
        if (!head.StartsWith("ref:", StringComparison.Ordinal))
            return head;
        string reference = head["ref:".Length..].Trim();
        string common = ReadText(Path.Combine(gitDirectory, "commondir")) is { } c ? Path.GetFullPath(Path.Combine(gitDirectory, c)) : gitDirectory;
        foreach (string directory in new[] { gitDirectory, common }.Distinct())
        {
            if (ReadText(Path.Combine(directory, reference)) is { } loose)
                return loose;
            if (ReadText(Path.Combine(directory, "packed-refs")) is { } packed
                && packed.Split('\n').Select(l => l.Split(' ', 2)).FirstOrDefault(p => p.Length == 2 && p[1].Trim() == reference) is { } line)
                return line[0];
        }
        return null;
    }

    /// <summary>" (modified)" when git reports changes to tracked files, "" when none, null when git cannot tell.</summary>
    private static string? Dirty(string root)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", root, "status", "--porcelain", "--untracked-files=no"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (git is null)
                return null;
            string output = git.StandardOutput.ReadToEnd();
            return git.WaitForExit(10_000) && git.ExitCode == 0 ? output.Trim().Length > 0 ? " (modified)" : "" : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git not installed
        }
    }

    private static string? ReadText(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;
}
