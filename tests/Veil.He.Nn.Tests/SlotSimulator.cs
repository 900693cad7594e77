using Veil.He.Nn.Latency;

namespace Veil.He.Nn.Tests;

/// <summary>Runs a <see cref="LatencyLayout"/>'s steps in the clear on a vector of slots, with the same rotations,
/// pre-rotated diagonals and garbage left in unused slots as the encrypted pass: checks the layout's index arithmetic
/// exactly, without CKKS noise.</summary>
internal static class SlotSimulator
{
    public static double[] Run(LatencyLayout layout, ReadOnlySpan<double> input)
    {
        int slots = layout.InputSlots.Length;
        double[] x = new double[slots];
        for (int s = 0; s < slots; s++)
        {
            int pixel = layout.InputSlots[s];
            x[s] = pixel < 0 ? 0 : input[pixel];
        }

        foreach (LatencyStep step in layout.Steps)
        {
            x = step switch
            {
                MatrixStep matrix => Multiply(matrix.Matrix, x),
                SquareStep square => [.. x.Select((v, s) => (v + square.Offsets[s]) * (v + square.Offsets[s]))],
                InPlaceSumStep sum => sum.Steps.Aggregate(x, (acc, d) => Add(acc, Rotate(x, d))),
                _ => throw new InvalidOperationException("unknown step"),
            };
        }

        return x;
    }

    /// <summary>Slot j receives slot j + step (a left rotation, as CkksEvaluator.Rotate).</summary>
    public static double[] Rotate(double[] x, int step)
    {
        int n = x.Length;
        return [.. Enumerable.Range(0, n).Select(j => x[(((j + step) % n) + n) % n])];
    }

    private static double[] Add(double[] a, double[] b) => [.. a.Zip(b, (u, v) => u + v)];

    private static double[] Multiply(DiagonalMatrix matrix, double[] x)
    {
        double[] y = (double[])matrix.Bias.Clone();
        var babies = matrix.BabySteps.ToDictionary(b => b, b => Rotate(x, b));
        for (int g = 0; g < matrix.Giants.Length; g++)
        {
            double[] inner = new double[x.Length];
            foreach (var (baby, diagonal) in matrix.Giants[g].Terms)
            {
                double[] rotated = babies[baby];
                for (int j = 0; j < inner.Length; j++)
                {
                    inner[j] += diagonal[j] * rotated[j];
                }
            }

            y = Add(y, Rotate(inner, matrix.GiantStep(g)));
        }

        return y;
    }
}
