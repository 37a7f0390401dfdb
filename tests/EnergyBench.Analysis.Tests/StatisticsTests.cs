using EnergyBench.Analysis.Statistics;

namespace EnergyBench.Analysis.Tests;

/// <summary>Every test against R 4.2 on documented datasets: statistics to 4+ significant digits, p-values to 1e-4 or better.</summary>
public class StatisticsTests
{
    private static void Close(double expected, double actual, double relative = 1e-5) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected), $"expected {expected}, got {actual}");

    private static void CloseP(double expected, double actual, double absolute = 1e-6) =>
        Assert.True(Math.Abs(expected - actual) <= absolute, $"expected p = {expected}, got {actual}");

    [Theory]
    // ptukey(q, nmeans, df) in R; the first three are the tabulated 5 % critical values q(0.05; k, df).
    [InlineData(3.151064177, 2, 10, 0.95)]
    [InlineData(3.772928959, 3, 12, 0.95)]
    [InlineData(3.958293461, 4, 20, 0.95)]
    [InlineData(2, 5, 7, 0.3613042260)]
    [InlineData(5, 10, 50, 0.9723997865)]
    [InlineData(1.5, 2, 3, 0.6333278218)]
    [InlineData(3.5, 4, 1000, 0.9354997484)]
    [InlineData(4, 3, 30000, 0.9870123386)]
    public void Studentized_range_cdf_matches_ptukey(double q, int means, double df, double expected) =>
        CloseP(expected, StudentizedRange.Cdf(q, means, df), 1e-8);

    [Fact]
    public void Studentized_range_edges()
    {
        Assert.Equal(0, StudentizedRange.Cdf(0, 3, 10));
        Assert.Equal(1, StudentizedRange.Cdf(double.PositiveInfinity, 3, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentizedRange.Cdf(1, 1, 10));
    }

    [Fact]
    public void Shapiro_wilk_matches_shapiro_test()
    {
        var (w, p) = ShapiroWilk.Test(ReferenceData.ToothGrowthLength);
        Close(0.9674286439, w);
        CloseP(0.1091004947, p, 1e-5);
        (w, p) = ShapiroWilk.Test(ReferenceData.PlantGrowth[0].Values);
        Close(0.9566814904, w);
        CloseP(0.7474734438, p, 1e-5);
    }

    [Fact]
    public void Shapiro_wilk_small_samples_use_their_own_approximations()
    {
        var (w, p) = ShapiroWilk.Test([1, 2, 4]); // n = 3: exact p
        Close(0.9642857143, w);
        CloseP(0.6368868450, p, 1e-5);
        (w, p) = ShapiroWilk.Test([2.1, 3.5, 3.6, 4.0, 9.8]); // n = 5: the n <= 11 branch
        Close(0.76522193956, w);
        CloseP(0.04092572572, p, 1e-5);
    }

    [Fact]
    public void Shapiro_wilk_rejects_constant_and_tiny_samples_with_a_message()
    {
        Assert.Contains("identical", Assert.Throws<StatisticsException>(() => ShapiroWilk.Test([5, 5, 5, 5])).Message);
        Assert.Contains("3 to 5000", Assert.Throws<StatisticsException>(() => ShapiroWilk.Test([1, 2])).Message);
    }

    [Fact]
    public void Levene_median_matches_car_leveneTest()
    {
        var result = BrownForsythe.Test(ReferenceData.PlantGrowth);
        Close(1.1191856949, result.Statistic);
        Assert.Equal(2, result.Df1);
        Assert.Equal(27, result.Df2);
        CloseP(0.3412266241, result.P);
    }

    [Fact]
    public void Welch_anova_matches_oneway_test()
    {
        var result = WelchAnova.Test(ReferenceData.PlantGrowth);
        Close(5.18097240811, result.Statistic);
        Assert.Equal(2, result.Df1);
        Close(17.12841861664, result.Df2!.Value);
        CloseP(0.01739282149, result.P);
    }

    [Fact]
    public void Games_howell_matches_its_definition_in_r()
    {
        var pairs = GamesHowell.Test(ReferenceData.PlantGrowth);
        // (a, b, mean difference, SE, q, df, p) from R with ptukey(q, 3, df, lower.tail = FALSE).
        (string, string, double, double, double, double, double)[] expected =
        [
            ("ctrl", "trt1", 0.371, 0.3114348514, 1.684696588, 16.52358506, 0.4745549222),
            ("ctrl", "trt2", -0.494, 0.2314879407, 3.017960667, 16.78576448, 0.1128891769),
            ("trt1", "trt2", -0.865, 0.2873660074, 4.256922182, 14.10356912, 0.02370345474),
        ];
        Assert.Equal(expected.Length, pairs.Count);
        foreach (var ((a, b, difference, se, q, df, p), actual) in expected.Zip(pairs))
        {
            Assert.Equal((a, b), (actual.A, actual.B));
            Close(difference, actual.Difference);
            Close(se, actual.StandardError);
            Close(q, actual.Statistic);
            Close(df, actual.Df!.Value);
            CloseP(p, actual.P);
        }
    }

    [Fact]
    public void Kruskal_wallis_matches_kruskal_test_with_and_without_ties()
    {
        var plants = KruskalWallis.Test(ReferenceData.PlantGrowth);
        Close(7.98822874944, plants.Statistic);
        CloseP(0.01842375573, plants.P);
        var ozone = KruskalWallis.Test(ReferenceData.OzoneByMonth); // ties, unequal sizes
        Close(29.26657631, ozone.Statistic);
        Assert.Equal(4, ozone.Df1);
        CloseP(6.900714119e-06, ozone.P, 1e-9);
    }

    [Fact]
    public void Dunn_matches_its_definition_in_r_with_holm_adjustment()
    {
        var pairs = Dunn.Test(ReferenceData.OzoneByMonth);
        double[] z = [-0.92515861627, -4.41947064061, -4.13281342221, -1.32120228252, -2.24420803239, -2.03863548729, 0.00253855527, 0.28665721841, 3.21719912428, 2.92282777778];
        double[] holm = [1.0, 0.0000989429615, 0.0003225146529, 0.7457357018512, 0.1489141168225, 0.2074321036252, 1.0, 1.0, 0.0103558977316, 0.0242807821280];
        Assert.Equal(10, pairs.Count);
        for (int i = 0; i < 10; i++)
        {
            Close(z[i], pairs[i].Statistic);
            CloseP(holm[i], pairs[i].PAdjusted, 1e-8);
        }
        Assert.Equal(("5", "6"), (pairs[0].A, pairs[0].B));
    }

    [Fact]
    public void Holm_is_monotone_and_capped()
    {
        // p.adjust(c(0.01, 0.03, 0.02, 0.9), "holm") and p.adjust(c(0.5, 0.4), "holm")
        Assert.Equal([0.04, 0.06, 0.06, 0.9], Holm.Adjust([0.01, 0.03, 0.02, 0.9]).Select(p => Math.Round(p, 10)));
        Assert.Equal([0.8, 0.8], Holm.Adjust([0.5, 0.4]).Select(p => Math.Round(p, 10)));
    }

    [Fact]
    public void Effect_sizes()
    {
        Close(0.204078846, EffectSizes.OmegaSquared(ReferenceData.PlantGrowth));
        var kw = KruskalWallis.Test(ReferenceData.PlantGrowth);
        Close(7.98822874944 / 29, EffectSizes.EpsilonSquared(kw, 30));
        Assert.Equal(1.0, EffectSizes.VarghaDelaneyA12([5, 6], [1, 2]));
        Assert.Equal(0.5, EffectSizes.VarghaDelaneyA12([1, 2], [1, 2]));
        Assert.Equal(0.125, EffectSizes.VarghaDelaneyA12([1, 2], [2, 3])); // one tie of four pairs
    }

    [Fact]
    public void Two_groups_still_work()
    {
        Group[] groups = [new("a", [1.0, 2.0, 2.5]), new("b", [3.0, 5.0, 4.0])];
        Assert.Equal(1, WelchAnova.Test(groups).Df1);
        Assert.Single(GamesHowell.Test(groups));
        Assert.Equal(1, KruskalWallis.Test(groups).Df1);
        Assert.Single(Dunn.Test(groups));
    }

    [Fact]
    public void Games_howell_with_too_few_degrees_of_freedom_says_so()
    {
        Group[] groups = [new("a", [1.0, 2.0]), new("b", [3.0, 5.0])];
        Assert.Equal("Games-Howell needs at least 2 Welch degrees of freedom; a vs b has 1.47 (more iterations per configuration)",
            Assert.Throws<StatisticsException>(() => GamesHowell.Test(groups)).Message);
    }

    [Fact]
    public void Zero_variance_gives_a_message_not_nan()
    {
        Group[] groups = [new("gpu", [2.0, 2.0, 2.0]), new("cpu", [3.0, 4.0, 5.0])];
        Assert.Equal("Welch's ANOVA is undefined: gpu has zero variance (all 3 values equal)",
            Assert.Throws<StatisticsException>(() => WelchAnova.Test(groups)).Message);
        Assert.Throws<StatisticsException>(() => GamesHowell.Test(groups));
        Assert.Contains("identical", Assert.Throws<StatisticsException>(() => KruskalWallis.Test([new("a", [1.0, 1.0]), new("b", [1.0, 1.0])])).Message);
        Assert.False(double.IsNaN(KruskalWallis.Test(groups).P)); // ranks still separate the groups
    }

    [Fact]
    public void Descriptive_statistics_and_the_median_interval()
    {
        var d = Descriptive.Of(ReferenceData.PlantGrowth[0].Values);
        Assert.Equal(10, d.N);
        Close(5.032, d.Mean);
        Close(0.5830913, d.StandardDeviation, 1e-6);
        Close(5.155, d.Median);
        Close(4.5500, d.Q1); // quantile(type = 7)
        Close(5.2925, d.Q3);
        // n = 10: [x(2), x(9)] covers the median with probability 1 - 2 * 11/1024 = 97.85 %.
        Assert.Equal((4.50, 5.58), (d.MedianCiLower, d.MedianCiUpper));
        Close(0.978515625, d.MedianCiCoverage);
    }
}
