namespace EnergyBench.Analysis.Gate;

/// <summary>
/// What the gate treats as one independent observation. Iterations of one launch share the process's state, so
/// their spread understates how much a result moves from launch to launch; comparing launches needs several of them.
/// </summary>
public enum GateLevel
{
    /// <summary>Launches when either side has more than one, else iterations.</summary>
    Auto,

    /// <summary>One value per launch (its median iteration); a t-test on those values (<see cref="LaunchTest"/>).</summary>
    Launch,

    /// <summary>Every iteration, launches pooled; Mann-Whitney on the iterations (<see cref="IterationTest"/>).</summary>
    Iteration,
}
