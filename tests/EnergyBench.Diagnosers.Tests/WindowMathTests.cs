using System.Diagnostics;
using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Tests;

public class WindowMathTests
{
    private static long T(double seconds) => (long)(seconds * Stopwatch.Frequency);

    [Fact]
    public void A_counter_is_differenced_with_interpolated_ends()
    {
        // 10 J/s counter sampled every second.
        Sample[] samples = [new(T(0), 0), new(T(1), 10), new(T(2), 20), new(T(3), 30)];
        Assert.Equal(15, WindowMath.Delta(samples, T(0.5), T(2.0))!.Value, 6);
        Assert.Equal(30, WindowMath.Delta(samples, T(0), T(3))!.Value, 6);
    }

    [Fact]
    public void A_window_outside_the_samples_has_no_value()
    {
        Sample[] samples = [new(T(1), 10), new(T(2), 20)];
        Assert.Null(WindowMath.Delta(samples, T(0.5), T(1.5)));
        Assert.Null(WindowMath.Integral(samples, T(1.5), T(2.5)));
        Assert.Null(WindowMath.Mean([], T(0), T(1)));
    }

    [Fact]
    public void Power_is_integrated_by_the_trapezoid_rule()
    {
        // Power ramps from 0 W to 100 W over 2 s: 100 J; its first half holds 25 J.
        Sample[] samples = [new(T(0), 0), new(T(1), 50), new(T(2), 100)];
        Assert.Equal(100, WindowMath.Integral(samples, T(0), T(2))!.Value, 6);
        Assert.Equal(25, WindowMath.Integral(samples, T(0), T(1))!.Value, 6);
        Assert.Equal(50, WindowMath.Mean(samples, T(0), T(2))!.Value, 6);
        Assert.Equal(75, WindowMath.Mean(samples, T(1), T(2))!.Value, 6);
    }

    [Fact]
    public void Max_sees_the_samples_inside_the_window()
    {
        Sample[] samples = [new(T(0), 1), new(T(1), 9), new(T(2), 3)];
        Assert.Equal(9, WindowMath.Max(samples, T(0.5), T(1.5)));
        Assert.Equal(3, WindowMath.Max(samples, T(2), T(2)));
    }
}
