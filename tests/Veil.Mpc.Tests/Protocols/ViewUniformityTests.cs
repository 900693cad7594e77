using Veil.Mpc.Tests.Harness;

namespace Veil.Mpc.Tests.Protocols;

/// <summary>
/// Semi-honest privacy, tested statistically: what a party sees during a computation (every message from the other
/// party and the dealer, after the handshakes) must look uniformly random, whatever the inputs. A chi-square test on
/// the byte histogram of the whole view (255 degrees of freedom) must stay below the 1e-6 critical value (about 362);
/// a view that leaked structured inputs would exceed it by orders of magnitude, as the control shows.
/// </summary>
public class ViewUniformityTests
{
    private const double Critical = 362;

    [Fact]
    public void EachPartysViewIsUniformlyDistributed()
    {
        // Structured, low-entropy inputs: zeros, small integers and a constant, so any leak would skew the bytes.
        const int n = 1024;
        double[] x = Enumerable.Range(0, n).Select(i => (double)(i % 3)).ToArray();
        double[] w = Enumerable.Repeat(0.5, 64 * 32).ToArray();
        var recorders = new RecordingTransport[3];
        var outcome = MpcSession.RunAll(2, context =>
        {
            var a = SharedTensor.Share(context, 0, context.PartyId == 0 ? x : [], new TensorShape(16, 64));
            var weights = SharedTensor.Share(context, 1, context.PartyId == 1 ? w : [], new TensorShape(64, 32));
            var hidden = a.MatMul(weights).Rescale().Relu();
            var squared = a.Multiply(a).Rescale().Square();
            var pooled = a.Reshape(new TensorShape(1, 1, 32, 32)).MaxPool2d(2, 2);
            var best = Veil.Mpc.Protocols.Argmax.Compute(hidden);

            // A training step's products: x, W and the (constant) output gradient each opened once for three products.
            var delta = SharedTensor.Share(context, 0, context.PartyId == 0 ? Enumerable.Repeat(0.25, 16 * 32).ToArray() : [], new TensorShape(16, 32));
            var (_, state) = Veil.Mpc.Protocols.LinearTraining.Forward(a, weights, inputGradient: true);
            var (dw, dx) = Veil.Mpc.Protocols.LinearTraining.Backward(state, delta);
            var (routed, route) = Veil.Mpc.Protocols.MaxPoolRouting.Forward(a.Reshape(new TensorShape(1, 1, 32, 32)), 2, 2);
            var back = Veil.Mpc.Protocols.MaxPoolRouting.Backward(route, routed);
            return hidden.Count + squared.Count + pooled.Count + best.Indices.Count + dw.Count + dx!.Count + back.Count;
        }, TransportKind.InProcess, 16, MpcSession.DefaultReceiveTimeout, (id, inner) => recorders[id] = new RecordingTransport(inner));
        Assert.All(outcome.Errors, Assert.Null);

        for (int party = 0; party < 2; party++)
        {
            // Skip each peer's first message: the handshake (and the dealer's hello), which carry constants.
            var view = recorders[party].Received
                .GroupBy(m => m.Peer)
                .SelectMany(g => g.Skip(1).SelectMany(m => m.Message))
                .ToArray();
            Assert.True(view.Length > 100_000, $"party {party} saw only {view.Length} bytes");
            double chi = ChiSquare(view);
            Assert.True(chi < Critical, $"party {party}'s view is not uniform: chi-square {chi:F1} over {view.Length} bytes");
        }

        // Control: the inputs themselves, encoded as they would be sent in the clear, fail the test.
        byte[] plain = x.SelectMany(v => BitConverter.GetBytes(new FixedPointFormat(16).Encode(v))).ToArray();
        Assert.True(ChiSquare(plain) > 100 * Critical);
    }

    private static double ChiSquare(byte[] data)
    {
        var counts = new long[256];
        foreach (byte b in data)
        {
            counts[b]++;
        }

        double expected = data.Length / 256.0;
        return counts.Sum(c => (c - expected) * (c - expected) / expected);
    }
}
