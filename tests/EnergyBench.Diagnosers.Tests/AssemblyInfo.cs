// The NVML stub is one native library per process whose script is read from the environment: tests run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
