using System.Security.Cryptography;
using EnergyBench.Inference.Native;

namespace EnergyBench.Inference.Tests;

public class LibTorchSharpLoaderTests
{
    private const string ShippedLibrary = "it patches the linux-x64 libLibTorchSharp.so shipped with TorchSharp";

    private static string Shipped => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibTorchSharpLoader.LibraryName);

    [LinuxFact(ShippedLibrary)]
    public void The_patch_marks_only_glibcxx_3_4_32_weak_and_leaves_the_original_alone()
    {
        byte[] hashBefore = SHA256.HashData(File.ReadAllBytes(Shipped));
        byte[] elf = File.ReadAllBytes(Shipped);
        var before = ElfVersionPatcher.ReadRequirements(elf);
        Assert.Equal(0, before["GLIBCXX_3.4.32"] & ElfVersionPatcher.WeakFlag);

        Assert.Equal(["GLIBCXX_3.4.32"], ElfVersionPatcher.Weaken(elf, LibTorchSharpLoader.MarkerOnlyVersions));
        var after = ElfVersionPatcher.ReadRequirements(elf);
        Assert.NotEqual(0, after["GLIBCXX_3.4.32"] & ElfVersionPatcher.WeakFlag);
        foreach (var (name, flags) in before.Where(r => r.Key != "GLIBCXX_3.4.32"))
            Assert.Equal(flags, after[name]);
        Assert.Empty(ElfVersionPatcher.Weaken(elf, LibTorchSharpLoader.MarkerOnlyVersions)); // idempotent

        Assert.Equal(hashBefore, SHA256.HashData(File.ReadAllBytes(Shipped)));
    }

    [LinuxFact(ShippedLibrary)]
    public void A_patched_copy_is_written_beside_the_original_and_reused()
    {
        using var dir = new TempDirectory();
        string original = dir.File(LibTorchSharpLoader.LibraryName);
        File.Copy(Shipped, original);
        string copy = LibTorchSharpLoader.WritePatchedCopy(original);
        Assert.Equal(dir.File(LibTorchSharpLoader.PatchedName), copy);
        Assert.NotEqual(0, ElfVersionPatcher.ReadRequirements(File.ReadAllBytes(copy))["GLIBCXX_3.4.32"] & ElfVersionPatcher.WeakFlag);
        var written = File.GetLastWriteTimeUtc(copy);
        Assert.Equal(copy, LibTorchSharpLoader.WritePatchedCopy(original));
        Assert.Equal(written, File.GetLastWriteTimeUtc(copy));
    }

    [Fact]
    public void Torch_works_after_loading()
    {
        LibTorchSharpLoader.EnsureLoaded();
        using var sum = TorchSharp.torch.ones(3).sum();
        Assert.Equal(3f, sum.item<float>());
    }

    [Fact]
    public void Garbage_is_not_taken_for_a_library()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.Weaken(new byte[100], LibTorchSharpLoader.MarkerOnlyVersions));
        byte[] elf32 = [0x7F, (byte)'E', (byte)'L', (byte)'F', 1, 1, .. new byte[58]];
        Assert.Contains("64-bit", Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.ReadRequirements(elf32)).Message);
    }
}
