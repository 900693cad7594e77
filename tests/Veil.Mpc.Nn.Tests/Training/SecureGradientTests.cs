using Veil.Mpc.Deployment;
using Veil.Mpc.Nn.Training;
using Veil.Nn;
using Veil.Nn.Layers;
using Veil.Nn.Training;
using Veil.Tensors;
using Xunit.Abstractions;

namespace Veil.Mpc.Nn.Tests.Training;

public sealed class SecureGradientTests(ITestOutputHelper output)
{
    /// <summary>
    /// The stated bound on |secure − plaintext| for every gradient entry (a sum over the batch) and every weight after
    /// one step, on the small shapes below with f = 16. Inputs and weights are rounded to 2^-17; each truncation adds
    /// at most 2^-16 (outputs, the deltas entering each layer); a weight-gradient entry sums B = 16 products of an input
    /// (|x| ≤ 1, or an activation ≤ ~3) with a delta, so its error is below B · (2^-16 · 3 + 2^-16 · fan-in · 2^-17 …)
    /// ≈ 1e-3 with a wide margin; the measured maxima are printed (about 1e-4).
    /// </summary>
    public const double GradientBound = 2e-3;

    /// <summary>After one step a weight moves by η × gradient (η = 2^-6 here) plus one truncation unit: errors far below 1e-4.</summary>
    public const double WeightBound = 1e-4;

    [Theory]
    [InlineData("dense", 16, 2, "dealer")]
    [InlineData("dense", 7, 3, "dealer")]
    [InlineData("conv", 8, 2, "dealer")]
    [InlineData("conv", 5, 3, "dealer")]
    [InlineData("dense", 16, 2, "ot")]
    [InlineData("conv", 8, 2, "ot")]
    [InlineData("dense", 16, 2, "he")]
    [InlineData("conv", 8, 2, "he")]
    public void GradientsAndOneStepMatchPlaintextWithinTheFixedPointError(string kind, int batch, int parties, string preprocessing)
    {
        Sequential model = Small(kind);
        model.Initialize(seed: 5);
        int size = model.InputShape.ElementCount;
        var random = new System.Random(11);
        float[] inputs = Enumerable.Range(0, batch * size).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, batch).Select(_ => random.Next(4)).ToArray();
        var examples = new OwnerExamples(inputs, labels, size);
        var split = HorizontalSplit.Even(batch, parties);
        var options = new SecureTrainingOptions { Epochs = 1, BatchSize = batch, LearningRate = batch / 64.0 };

        // Plaintext: the gradient of ½‖y − t‖² summed over the batch, then one SGD step with the encoded step size.
        Sequential plain = Veil.Nn.Serialization.ModelFile.Clone(model);
        Tensor x = Tensor.FromValues(inputs, model.InputShape.Prepend(batch));
        Tensor y = plain.Forward(x);
        var dy = new Tensor(y.Shape);
        MeanSquaredError.Compute(y, labels, dy, LossReduction.Sum);
        plain.Backward(dy);
        double[][] expected = plain.Parameters.Select(p => p.Gradient.Span.ToArray().Select(v => (double)v).ToArray()).ToArray();
        new Sgd(options.StepSize.Value).Step(plain.Parameters);

        var outcome = LocalSession.Run(parties, context =>
        {
            var network = SecureNetwork.Share(context, context.PartyId == 0 ? model : Small(kind), owner: 0);
            OwnerExamples mine = Slice(examples, split, context.PartyId);
            var trainer = new SecureTrainer(network, options, split, mine);
            var (shared, targets) = trainer.ShareBatch(Enumerable.Range(0, batch).ToArray());
            network.Backward(SecureMseLoss.Gradient(network.Forward(shared), targets));
            double[][] gradients = network.Parameters.Select(p => p.Gradient!.Reveal()).ToArray();
            SecureSgd.Step(network.Parameters, options.StepSize);
            return (gradients, network.RevealTo(0));
        }, Preprocessings.Options(preprocessing));
        var results = outcome.ResultsOrThrow();
        Assert.Null(results[1].Item2);

        double maxGradient = 0, maxWeight = 0;
        for (int p = 0; p < expected.Length; p++)
        {
            double[] secure = results[0].gradients[p];
            // The secure linear weight is [in, out], Veil.Nn's [out, in]; kernels and biases share the layout.
            int rows = model.Parameters[p].Value.Rank == 2 ? model.Parameters[p].Value.Shape[0] : 1;
            int columns = expected[p].Length / rows;
            for (int o = 0; o < rows; o++)
            {
                for (int i = 0; i < columns; i++)
                {
                    double s = rows == 1 ? secure[i] : secure[(i * rows) + o];
                    maxGradient = Math.Max(maxGradient, Math.Abs(s - expected[p][(o * columns) + i]));
                }
            }

            ReadOnlySpan<float> after = results[0].Item2!.Parameters[p].Value.Span;
            ReadOnlySpan<float> reference = plain.Parameters[p].Value.Span;
            for (int i = 0; i < after.Length; i++)
            {
                maxWeight = Math.Max(maxWeight, Math.Abs(after[i] - reference[i]));
            }
        }

        output.WriteLine($"{kind}, batch {batch}, {parties} parties, {preprocessing}: max gradient error {maxGradient:E2}, max weight error after one step {maxWeight:E2}");
        Assert.True(maxGradient <= GradientBound, $"gradient error {maxGradient}");
        Assert.True(maxWeight <= WeightBound, $"weight error {maxWeight}");

        // The gradients are not trivially small: the comparison above can fail.
        Assert.True(expected.Max(g => g.Max(Math.Abs)) > 0.1);
    }

    /// <summary>A small fully connected network, or a small LeNet-like one: padded convolution, ReLU before max
    /// pooling (compiled in the other order), an unpadded convolution, ReLU, a linear layer.</summary>
    private static Sequential Small(string kind) => kind == "dense"
        ? new("small", new Veil.Tensors.TensorShape(1, 3, 4), new Flatten(), new Linear(12, 8), new ReLU(), new Linear(8, 8), new ReLU(), new Linear(8, 4))
        : new("small-conv", new Veil.Tensors.TensorShape(2, 6, 6), new Conv2d(2, 3, 3, padding: 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(3, 4, 2), new ReLU(), new Flatten(), new Linear(16, 4));

    internal static OwnerExamples Slice(OwnerExamples all, HorizontalSplit split, int owner)
    {
        int start = split.Start(owner), count = split.Counts[owner], size = all.InputSize;
        return new OwnerExamples(all.Inputs.AsSpan(start * size, count * size).ToArray(), all.Labels.AsSpan(start, count).ToArray(), size);
    }
}
