using Veil.He.Nn.Planning;
using Veil.He.Nn.Protocol;
using Veil.Nn;
using Veil.Nn.Zoo;
using Veil.Tensors;

namespace Veil.He.Nn.Tests;

public class BatchInferenceTests
{
    /// <summary>Bound on |encrypted logit − plaintext logit|: CKKS noise at the chosen scale plus float32 rounding of
    /// the plaintext model.</summary>
    private const double LogitBound = 0.02;

    [Theory]
    [InlineData("mlp-square", 64)]
    [InlineData("cnn-he", 1000)]
    public void EncryptedLogitsMatchPlaintext(string name, int count)
    {
        Sequential model = ShippedModels.Load(name);
        Tensor images = Fixtures.Images(count);
        Tensor expected = Fixtures.PlainLogits(model, images);
        InferencePlan plan = InferencePlanner.Plan(model, PackingMode.Batch);
        var client = new HeInferenceClient(plan);
        var server = new HeInferenceServer(plan, client.GenerateEvaluationKeys());

        Tensor logits = client.DecryptNew(server.Infer(client.Encrypt(images)));

        double error = Fixtures.MaxAbsDifference(expected, logits);
        Assert.True(error < LogitBound, $"{name}: max logit error {error} (depth {plan.Depth}, N {plan.Parameters.N}, scale 2^{plan.Parameters.LogDefaultScale})");
        int[] plain = Fixtures.ArgMax(expected), encrypted = Fixtures.ArgMax(logits);
        double agreement = plain.Zip(encrypted).Count(p => p.First == p.Second) / (double)count;
        Assert.True(agreement >= 0.995, $"{name}: encrypted predictions agree with plaintext on {agreement:P2}");
    }
}

public class LatencyInferenceTests
{
    /// <summary>Bound on |encrypted logit − plaintext logit| in latency mode (more rotations add key-switching noise).</summary>
    private const double LogitBound = 0.02;

    [Theory]
    [InlineData("cnn-he", 3)]
    [InlineData("mlp-square", 2)]
    [InlineData("lenet-he", 2)] // depth 10 at N = 16384 with the compact key set and strided layouts: about 30 s on a loaded 2-core machine
    public void EncryptedLogitsMatchPlaintext(string name, int count)
    {
        Sequential model = ShippedModels.Load(name);
        InferencePlan plan = InferencePlanner.Plan(model, PackingMode.Latency);
        Assert.Equal(1, plan.MaxBatchSize);
        Assert.NotEmpty(plan.RotationSteps);
        var client = new HeInferenceClient(plan);
        var server = new HeInferenceServer(plan, client.GenerateEvaluationKeys());
        for (int i = 0; i < count; i++)
        {
            Tensor image = Fixtures.Images(1, start: i);
            Tensor expected = Fixtures.PlainLogits(model, image);
            EncryptedValues upload = client.Encrypt(image);
            Assert.Equal(1, upload.Count);
            Tensor logits = client.DecryptNew(server.Infer(upload));
            double error = Fixtures.MaxAbsDifference(expected, logits);
            Assert.True(error < LogitBound, $"{name}, image {i}: max logit error {error}");
            Assert.Equal(Fixtures.ArgMax(expected), Fixtures.ArgMax(logits));
        }
    }

    [Fact]
    public void CnnHeFirstConvolutionIsPackedIm2Col()
    {
        InferencePlan plan = InferencePlanner.Plan(ShippedModels.Load("cnn-he"), PackingMode.Latency);
        // 64 windows of 49 pixels: 3136 slots used, pixels repeated; the convolution needs 49 + 3 diagonals.
        Assert.Equal(64 * 49, plan.ClientProfile.InputSlots.Count(p => p >= 0));
        Assert.Equal(52, plan.Layout!.Matrices.First().DiagonalCount);
    }
}
