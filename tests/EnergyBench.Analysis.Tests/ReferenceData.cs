using EnergyBench.Analysis.Statistics;

namespace EnergyBench.Analysis.Tests;

/// <summary>
/// Classic datasets shipped with R (package datasets) whose test results are published in R's documentation and in
/// statistics textbooks and tutorials; the expected values in the tests are R 4.2's output on them.
/// </summary>
public static class ReferenceData
{
    /// <summary>PlantGrowth: dried plant weight, control and two treatments, n = 10 each (Dobson, 1983).</summary>
    public static readonly Group[] PlantGrowth =
    [
        new("ctrl", [4.17, 5.58, 5.18, 6.11, 4.50, 4.61, 5.17, 4.53, 5.33, 5.14]),
        new("trt1", [4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69]),
        new("trt2", [6.31, 5.12, 5.54, 5.50, 5.37, 5.29, 4.92, 6.15, 5.80, 5.26]),
    ];

    /// <summary>ToothGrowth$len: odontoblast length of 60 guinea pigs (Crampton, 1947).</summary>
    public static readonly double[] ToothGrowthLength =
    [
        4.2, 11.5, 7.3, 5.8, 6.4, 10.0, 11.2, 11.2, 5.2, 7.0, 16.5, 16.5, 15.2, 17.3, 22.5,
        17.3, 13.6, 14.5, 18.8, 15.5, 23.6, 18.5, 33.9, 25.5, 26.4, 32.5, 26.7, 21.5, 23.3, 29.5,
        15.2, 21.5, 17.6, 9.7, 14.5, 10.0, 8.2, 9.4, 16.5, 9.7, 19.7, 23.3, 23.6, 26.4, 20.0,
        25.2, 25.8, 21.2, 14.5, 27.3, 25.5, 26.4, 22.4, 24.5, 24.8, 30.9, 26.4, 27.3, 29.4, 23.0,
    ];

    /// <summary>airquality: ozone (ppb) by month, missing values dropped; unequal group sizes and many ties.</summary>
    public static readonly Group[] OzoneByMonth =
    [
        new("5", [41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, 23, 45, 115, 37]),
        new("6", [29, 71, 39, 23, 21, 37, 20, 12, 13]),
        new("7", [135, 49, 32, 64, 40, 77, 97, 97, 85, 10, 27, 7, 48, 35, 61, 79, 63, 16, 80, 108, 20, 52, 82, 50, 64, 59]),
        new("8", [39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168, 73, 76, 118, 84, 85]),
        new("9", [96, 78, 73, 91, 47, 32, 20, 23, 21, 24, 44, 21, 28, 9, 13, 46, 18, 13, 24, 16, 13, 23, 36, 7, 14, 30, 14, 18, 20]),
    ];
}
