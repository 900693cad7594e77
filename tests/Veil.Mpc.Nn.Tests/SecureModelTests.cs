using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Layers;
using Veil.Nn.Zoo;
using Veil.Tensors;
using Xunit.Abstractions;

namespace Veil.Mpc.Nn.Tests;

public sealed class SecureModelTests(ITestOutputHelper output)
{
    /// <summary>
    /// The stated bound on |secure logit − plaintext logit|: fixed point with 16 fractional bits quantizes each weight
    /// and input to 2^-17 and each truncation adds at most one unit (2^-16); over the zoo's layers this stays far
    /// below 0.05 (measured maxima are printed by the test).
    /// </summary>
    public const double LogitBound = 0.05;

    private static readonly Lazy<MnistDataset> Test = new(() => MnistDataset.LoadEmbedded(MnistSplit.Test));

    [Theory]
    [InlineData("mlp", 200, 100)]
    [InlineData("mlp-square", 200, 100)]
    [InlineData("cnn-he", 200, 100)]
    [InlineData("securenn-d", 100, 50)]
    [InlineData("securenn-b", 48, 24)]
    [InlineData("lenet", 32, 16)]
    [InlineData("lenet-he", 32, 16)]
    public void SecureLogitsMatchPlaintextOnTestImages(string name, int count, int batch)
    {
        bool shipped = ShippedModels.Names().Contains(name);
        Sequential model = shipped ? ShippedModels.Load(name) : ModelZoo.Create(name, seed: 7);
        Sequential architecture = ModelZoo.Create(name, seed: 99);
        int classes = model.OutputShape.ElementCount;

        int agree = 0;
        double maxError = 0;
        for (int start = 0; start < count; start += batch)
        {
            int n = Math.Min(batch, count - start);
            Tensor images = MnistPreprocessing.ImagesNew(Test.Value, start, n);
            Tensor plain = model.PredictNew(images);
            var (logits, predictions, ownerLearnedNothing, _) = SecureInferenceRun.Run(model, architecture, images.Span.ToArray(), n);

            Assert.True(ownerLearnedNothing, "the model owner must receive neither logits nor predictions");
            Assert.Equal(n * classes, logits.Length);
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<float> expected = plain.Span.Slice(i * classes, classes);
                double[] row = logits[(i * classes)..((i + 1) * classes)];
                for (int c = 0; c < classes; c++)
                {
                    maxError = Math.Max(maxError, Math.Abs(row[c] - expected[c]));
                }

                int plainClass = ArgMax(expected);
                if (predictions[i] == plainClass)
                {
                    agree++;
                }
                else
                {
                    // A disagreement is only acceptable between logits closer than the error bound.
                    Assert.True(Math.Abs(expected[predictions[i]] - expected[plainClass]) <= 2 * LogitBound,
                        $"image {start + i}: secure class {predictions[i]}, plaintext {plainClass}");
                }

                Assert.Equal(ArgMax(row.Select(v => (float)v).ToArray()), predictions[i]);
            }
        }

        output.WriteLine($"{name} ({(shipped ? "shipped" : "random")} weights): max logit error {maxError:E2}, {agree}/{count} predictions equal");
        Assert.True(maxError <= LogitBound, $"max logit error {maxError} exceeds {LogitBound}");
        Assert.True(agree >= Math.Ceiling(0.99 * count), $"{agree}/{count} predictions equal");
    }

    [Fact]
    public void UnsupportedLayersAreRefusedWithTheirName()
    {
        var model = new Sequential("cubic", new Veil.Tensors.TensorShape(4), new Linear(4, 3), new Polynomial(0, 1, 0, 1));
        Assert.False(SecureModel.Supports(model, out string reason));
        Assert.Contains("Polynomial", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SupportsEveryZooModelWithoutTanh()
    {
        foreach (ZooEntry entry in ModelZoo.Entries)
        {
            Sequential model = entry.Create(1);
            bool hasTanh = model.Layers.Any(layer => layer is Tanh);
            bool supported = SecureModel.Supports(model, out string reason);
            if (hasTanh)
            {
                // The DP zoo model uses tanh, which has no secure counterpart here; it must be refused by name.
                Assert.False(supported, $"{entry.Name} has a tanh layer and should be refused");
                Assert.Contains("Tanh", reason, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(supported, $"{entry.Name}: {reason}");
            }
        }
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++)
        {
            best = row[i] > row[best] ? i : best;
        }

        return best;
    }
}
