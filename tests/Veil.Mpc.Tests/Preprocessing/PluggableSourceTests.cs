using Veil.Mpc.Tests.Harness;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Tests.Preprocessing;

public class PluggableSourceTests
{
    /// <summary>The protocols run unchanged on a source that is not the dealer, and with no dealer endpoint at all.</summary>
    [Fact]
    public async Task TheProtocolsRunOnAnotherTripleSourceWithoutADealer()
    {
        const int parties = 3;
        byte[] seed = Veil.Random.AesCtrPrg.NewSeed();
        double[] a = Plain.OnGrid(Plain.Uniform(4 * 10, 3, 41)), w = Plain.OnGrid(Plain.Uniform(10 * 6, 3, 42));
        var network = new InProcessNetwork(parties, TimeSpan.FromSeconds(20));
        var tasks = Enumerable.Range(0, parties).Select(id => Task.Factory.StartNew(() =>
        {
            using var context = MpcContext.Create(network[id], id, parties, new CommonSeedTripleSource(seed, id, parties), FixedPointFormat.Default);
            var x = SharedTensor.Share(context, 0, id == 0 ? a : [], new TensorShape(4, 10));
            var weights = SharedTensor.Share(context, 2, id == 2 ? w : [], new TensorShape(10, 6));
            var logits = x.MatMul(weights.Prepare()).Rescale().Relu();
            return (Logits: logits.Reveal(), Class: logits.Argmax().RevealEncoded());
        }, TaskCreationOptions.LongRunning)).ToArray();
        var results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        double[] expected = Plain.MatMul(a, w, 4, 10, 6).Select(v => Math.Max(v, 0)).ToArray();
        var result = results[0];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.InRange(result.Logits[i] - expected[i], -2.0 / 65536, 2.0 / 65536);
        }

        for (int row = 0; row < 4; row++)
        {
            var values = result.Logits.Skip(row * 6).Take(6).ToArray();
            Assert.Equal((ulong)Array.IndexOf(values, values.Max()), result.Class[row]);
        }
    }
}
