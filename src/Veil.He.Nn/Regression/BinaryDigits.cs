using Veil.Nn.Data;

namespace Veil.He.Nn.Regression;

/// <summary>
/// A binary task cut from MNIST for logistic regression: the images of two digits, each described by its mean ink in
/// each cell of a <see cref="Grid"/> × <see cref="Grid"/> grid (pixel / 255 averaged over 4×4 pixels for the default
/// 7 × 7 = 49 features), labelled 1 for <see cref="Positive"/> and 0 for <see cref="Negative"/>.
/// </summary>
/// <remarks>Thread-safety: immutable, safe for concurrent reads.</remarks>
public sealed class BinaryDigits
{
    private readonly double[][] _features;
    private readonly double[] _labels;

    private BinaryDigits(int positive, int negative, int grid, double[][] features, double[] labels)
    {
        Positive = positive;
        Negative = negative;
        Grid = grid;
        _features = features;
        _labels = labels;
    }

    /// <summary>The digit labelled 1.</summary>
    public int Positive { get; }

    /// <summary>The digit labelled 0.</summary>
    public int Negative { get; }

    /// <summary>Cells per side of the feature grid.</summary>
    public int Grid { get; }

    /// <summary>Number of examples.</summary>
    public int Count => _labels.Length;

    /// <summary>Features per example (Grid²).</summary>
    public int Features => Grid * Grid;

    /// <summary>Feature <paramref name="feature"/> of example <paramref name="index"/>.</summary>
    public double Feature(int index, int feature) => _features[index][feature];

    /// <summary>The features of example <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> Example(int index) => _features[index];

    /// <summary>The label (0 or 1) of example <paramref name="index"/>.</summary>
    public double Label(int index) => _labels[index];

    /// <summary>The first <paramref name="limit"/> images of <paramref name="positive"/> or <paramref name="negative"/>
    /// in <paramref name="data"/>, in file order (0 = all of them).</summary>
    /// <exception cref="ArgumentException">The digits are equal or not in [0, 9], <paramref name="grid"/> does not divide
    /// the image side, or <paramref name="limit"/> is negative.</exception>
    public static BinaryDigits From(MnistDataset data, int positive = 1, int negative = 0, int grid = 7, int limit = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.IsTrue(positive is >= 0 and <= 9 && negative is >= 0 and <= 9 && positive != negative, nameof(positive), "the two digits must differ and lie in [0, 9]");
        Guard.IsTrue(grid > 0 && data.Rows % grid == 0 && data.Columns % grid == 0, nameof(grid), $"must divide the image side ({data.Rows})");
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        int cell = data.Rows / grid;
        var features = new List<double[]>();
        var labels = new List<double>();
        for (int i = 0; i < data.Count && (limit == 0 || labels.Count < limit); i++)
        {
            int label = data.Labels[i];
            if (label != positive && label != negative)
            {
                continue;
            }

            ReadOnlySpan<byte> image = data.Image(i);
            var row = new double[grid * grid];
            for (int y = 0; y < data.Rows; y++)
            {
                for (int x = 0; x < data.Columns; x++)
                {
                    row[((y / cell) * grid) + (x / cell)] += MnistPreprocessing.Scale(image[(y * data.Columns) + x]);
                }
            }

            for (int f = 0; f < row.Length; f++)
            {
                row[f] /= cell * cell;
            }

            features.Add(row);
            labels.Add(label == positive ? 1 : 0);
        }

        return new BinaryDigits(positive, negative, grid, [.. features], [.. labels]);
    }
}
