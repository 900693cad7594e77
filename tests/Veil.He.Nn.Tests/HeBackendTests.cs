using Veil.Nn;
using Veil.Nn.Inference;
using Veil.Nn.Zoo;
using Veil.Tensors;

namespace Veil.He.Nn.Tests;

public class HeBackendTests
{
    [Fact]
    public void AutomaticModeUsesLatencyForOneImageAndBatchForSeveral()
    {
        Sequential model = ShippedModels.Load("cnn-he");
        using IInferenceSession session = new HeBackend().Open(model);
        Assert.Equal(4096, session.MaxBatchSize);

        Tensor one = Fixtures.Images(1), logits = new(1, 10);
        session.Infer(one, logits);
        double single = session.Metrics[InferenceMetrics.BytesIn];
        Assert.InRange(single, 100_000, 240_000); // one seeded ciphertext (latency), not 784 (batch)

        Tensor three = Fixtures.Images(3, start: 1), logits3 = new(3, 10);
        session.Infer(three, logits3);
        Assert.True(session.Metrics[InferenceMetrics.BytesIn] - single > 784 * 100_000.0, "several images go through batch packing");
        Assert.Equal(4, session.Metrics[InferenceMetrics.Images]);
        Assert.InRange(session.Metrics[InferenceMetrics.MaxLogitError], 0, 0.02);
        Assert.Equal(Fixtures.ArgMax(model.PredictNew(three)), Fixtures.ArgMax(logits3));
    }
}
