namespace EnergyBench.Tests;

/// <summary>A clock that moves only when a test moves it, so displayed times are exact.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(double seconds) => _now = _now.AddSeconds(seconds);
}
