using Veil.Privacy.Clipping;
using Veil.Random;

namespace Veil.Privacy.Tests.Clipping;

public class ClippingTests
{
    private static readonly int[] LayerSizes = [150, 6, 2400, 16, 48000, 120, 10080, 84, 850, 10];

    /// <summary>Per-example per-layer gradients: each layer of each example gets a random scale (a factor of 100 apart),
    /// then each example is rescaled to a whole-gradient norm of threshold * 10^u, u uniform in [-2, 2].</summary>
    private static float[][] Gradients(int examples, string seed, double threshold)
    {
        using var random = new AesCtrPrg(Statistics.Seed(seed));
        var layers = new float[LayerSizes.Length][];
        for (int l = 0; l < LayerSizes.Length; l++)
        {
            layers[l] = new float[examples * LayerSizes[l]];
        }

        for (int i = 0; i < examples; i++)
        {
            double squared = 0;
            for (int l = 0; l < LayerSizes.Length; l++)
            {
                double scale = Math.Pow(10, (random.NextDouble() * 2) - 1) / Math.Sqrt(LayerSizes[l]);
                for (int j = 0; j < LayerSizes[l]; j++)
                {
                    double value = scale * ((2 * random.NextDouble()) - 1);
                    layers[l][(i * LayerSizes[l]) + j] = (float)value;
                    squared += value * value;
                }
            }

            double rescale = threshold * Math.Pow(10, (random.NextDouble() * 4) - 2) / Math.Sqrt(squared);
            for (int l = 0; l < LayerSizes.Length; l++)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(
                    layers[l].AsSpan(i * LayerSizes[l], LayerSizes[l]), (float)rescale, layers[l].AsSpan(i * LayerSizes[l], LayerSizes[l]));
            }
        }

        return layers;
    }

    private static double[] LayerNorms(float[][] layers, int examples)
    {
        var norms = new double[examples * layers.Length];
        for (int l = 0; l < layers.Length; l++)
        {
            var column = new double[examples];
            GradientNorms.RowNorms(layers[l], LayerSizes[l], column);
            for (int i = 0; i < examples; i++)
            {
                norms[(i * layers.Length) + l] = column[i];
            }
        }

        return norms;
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.01)]
    public void FlatClippingBoundsEveryExamplesNorm(double threshold)
    {
        const int examples = 64;
        float[][] layers = Gradients(examples, $"flat {threshold}", threshold);
        double[] before = LayerNorms(layers, examples);
        var totals = new double[examples];
        GradientNorms.CombineLayers(before, LayerSizes.Length, totals);
        var clipping = new FlatClipping(threshold);
        var factors = new double[before.Length];
        clipping.ComputeFactors(before, LayerSizes.Length, factors);
        for (int l = 0; l < layers.Length; l++)
        {
            ClippedSum.ScaleRows(layers[l], LayerSizes[l], factors, LayerSizes.Length, l);
        }

        double[] after = LayerNorms(layers, examples);
        var afterTotals = new double[examples];
        GradientNorms.CombineLayers(after, LayerSizes.Length, afterTotals);
        int clipped = 0;
        for (int i = 0; i < examples; i++)
        {
            Assert.True(afterTotals[i] <= threshold, $"example {i}: {afterTotals[i]} > {threshold}");
            if (totals[i] > threshold)
            {
                clipped++;
                Assert.Equal(threshold, afterTotals[i], threshold * 1e-5); // clipped to the threshold, not below
            }
            else
            {
                Assert.Equal(totals[i], afterTotals[i], 0.0); // untouched
            }
        }

        Assert.InRange(clipped, 1, examples - 1); // the data exercised both branches
        Assert.Equal(threshold, clipping.Sensitivity);
    }

    [Fact]
    public void PerLayerClippingBoundsEveryLayerAndTheWhole()
    {
        const int examples = 64;
        float[][] layers = Gradients(examples, "per layer", 1.0);
        var clipping = PerLayerClipping.Proportional(1.0, LayerSizes);
        Assert.Equal(1.0, clipping.Sensitivity, 1e-12);
        double[] before = LayerNorms(layers, examples);
        var factors = new double[before.Length];
        clipping.ComputeFactors(before, LayerSizes.Length, factors);
        for (int l = 0; l < layers.Length; l++)
        {
            ClippedSum.ScaleRows(layers[l], LayerSizes[l], factors, LayerSizes.Length, l);
        }

        double[] after = LayerNorms(layers, examples);
        for (int i = 0; i < examples; i++)
        {
            for (int l = 0; l < LayerSizes.Length; l++)
            {
                Assert.True(after[(i * LayerSizes.Length) + l] <= clipping.Thresholds[l]);
            }
        }

        var totals = new double[examples];
        GradientNorms.CombineLayers(after, LayerSizes.Length, totals);
        Assert.All(totals, total => Assert.True(total <= clipping.Sensitivity));
        Assert.Contains(factors, f => f < 1);
        Assert.Contains(factors, f => f == 1);
    }

    [Fact]
    public void EqualPerLayerThresholdsShareTheBudget()
    {
        var clipping = PerLayerClipping.Equal(2.0, 4);
        Assert.All(clipping.Thresholds, t => Assert.Equal(1.0, t, 1e-15));
        Assert.Equal(2.0, clipping.Sensitivity, 1e-15);
        Assert.Throws<ArgumentException>(() => clipping.ComputeFactors(new double[6], 3, new double[6]));
    }

    [Fact]
    public void ClippedSumMatchesTheNaiveSum()
    {
        const int examples = 7, columns = 33;
        using var random = new AesCtrPrg(Statistics.Seed("sum"));
        float[] rows = [.. Enumerable.Range(0, examples * columns).Select(_ => (float)random.NextDouble())];
        double[] factors = [.. Enumerable.Range(0, examples * 2).Select(_ => random.NextDouble())];
        var destination = new float[columns];
        destination[0] = 1;
        ClippedSum.Accumulate(rows, factors, stride: 2, offset: 1, destination);
        for (int j = 0; j < columns; j++)
        {
            double expected = j == 0 ? 1 : 0;
            for (int i = 0; i < examples; i++)
            {
                expected += factors[(i * 2) + 1] * rows[(i * columns) + j];
            }

            Assert.Equal(expected, destination[j], expected * 1e-6);
        }
    }

    [Fact]
    public void NormsAreAccurateForLongVectors()
    {
        var vector = new float[1_000_003];
        vector.AsSpan().Fill(0.1f);
        double expected = Math.Sqrt(vector.Length * (double)0.1f * 0.1f);
        Assert.Equal(expected, GradientNorms.L2Norm(vector), expected * 1e-10);
        double[] doubles = [.. vector.Select(v => (double)v)];
        Assert.Equal(expected, GradientNorms.L2Norm(doubles), expected * 1e-10);
        Assert.Equal(1.0, ClippingFactor.For(0, 1.0));
    }

    [Fact]
    public void AKnownNormErrorWidensTheMargin()
    {
        // A norm computed 1e-4 too low: with the error declared, the factor still brings the true norm under C.
        double trueNorm = 1.00005, computed = trueNorm * (1 - 1e-4);
        Assert.Equal(1.0, ClippingFactor.For(computed, 1.0));
        Assert.True(trueNorm * ClippingFactor.For(computed, 1.0, relativeNormError: 1e-4) <= 1.0);
    }

    [Fact]
    public void BadThresholdsAreRefused()
    {
        Assert.Throws<PrivacyParameterException>(() => new FlatClipping(0));
        Assert.Throws<PrivacyParameterException>(() => new FlatClipping(double.NaN));
        Assert.Throws<PrivacyParameterException>(() => new PerLayerClipping([1.0, -1.0]));
        Assert.Throws<PrivacyParameterException>(() => new PerLayerClipping([]));
    }
}
