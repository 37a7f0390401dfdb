namespace EnergyBench.Diagnosers.Tests;

/// <summary>Native/nvml_stub.c built once per test class and scripted through NVML_STUB_SCRIPT.</summary>
public sealed class NvmlStub() : NativeStub("nvml_stub.c", "NVML_STUB_SCRIPT");
