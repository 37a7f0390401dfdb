using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Native;

namespace EnergyBench.Inference.Tests;

public class OpenMpWaitPolicyTests(TestModelFixture fixture) : IClassFixture<TestModelFixture>
{
    [LinuxFact("reads the native environment, where libgomp reads its settings")]
    public void Torch_threads_wait_passively_unless_the_environment_chooses()
    {
        // What the test host was started with; the suite leaves a choice made there alone.
        string? policy = Environment.GetEnvironmentVariable(OpenMpWaitPolicy.Variable);
        string? spinCount = Environment.GetEnvironmentVariable(OpenMpWaitPolicy.SpinCountVariable);
        using var torch = EngineFactory.Create(ServingConfiguration.TorchCpu, fixture.Model, new EngineOptions(1));
        if (policy is null && spinCount is null)
        {
            Assert.Equal(OpenMpWaitPolicy.Passive, OpenMpWaitPolicy.Get(OpenMpWaitPolicy.Variable));
            Assert.Equal("OMP_WAIT_POLICY=PASSIVE", torch.Settings["openmp_wait"]);
        }
        else
        {
            Assert.Equal(policy, OpenMpWaitPolicy.Get(OpenMpWaitPolicy.Variable));
            Assert.Equal(spinCount, OpenMpWaitPolicy.Get(OpenMpWaitPolicy.SpinCountVariable));
        }
    }
}
