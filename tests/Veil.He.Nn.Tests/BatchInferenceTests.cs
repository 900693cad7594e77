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
