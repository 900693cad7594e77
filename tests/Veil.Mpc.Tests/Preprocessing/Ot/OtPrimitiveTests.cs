using System.Security.Cryptography;
using Veil.Mpc.Preprocessing.Ot;
using Veil.Random;

namespace Veil.Mpc.Tests.Preprocessing.Ot;

public class OtPrimitiveTests
{
    [Fact]
    public void TheBaseOtReceiverGetsExactlyTheChosenKey()
    {
        var random = new CryptoRandom();
        byte[] transcript = RandomNumberGenerator.GetBytes(32);
        var y = BaseOt.RandomScalar(random);
        var choices = new ulong[2];
        random.Fill(choices);
        var (message, keys) = BaseOt.Receive(BaseOt.SenderMessage(y), choices, transcript, 0, random);
        var (zero, one) = BaseOt.Send(y, message, transcript, 0);
        for (int i = 0; i < BaseOt.Count; i++)
        {
            bool c = ((choices[i >> 6] >> (i & 63)) & 1) != 0;
            var chosen = c ? one : zero;
            var other = c ? zero : one;
            Assert.Equal(chosen.AsSpan(2 * i, 2).ToArray(), keys.AsSpan(2 * i, 2).ToArray());
            Assert.NotEqual(other.AsSpan(2 * i, 2).ToArray(), keys.AsSpan(2 * i, 2).ToArray());
        }
    }

    [Fact]
    public void ABaseOtAnswerThatIsNotAPointIsAProtocolError()
    {
        var random = new CryptoRandom();
        var y = BaseOt.RandomScalar(random);
        byte[] garbage = RandomNumberGenerator.GetBytes(BaseOt.Count * BaseOt.PointBytes);
        garbage[0] = 0x07;
        Assert.Throws<MpcProtocolException>(() => BaseOt.Send(y, garbage, new byte[32], 0));
    }

    [Fact]
    public void TheFixedKeyPermutationIsAes128UnderItsKey()
    {
        var blocks = new ulong[34];
        new CryptoRandom().Fill(blocks);
        byte[] input = System.Runtime.InteropServices.MemoryMarshal.AsBytes(blocks.AsSpan()).ToArray();
        FixedKeyAes.Permute(blocks);
        using var aes = Aes.Create();
        aes.Key = [0x24, 0x3F, 0x6A, 0x88, 0x85, 0xA3, 0x08, 0xD3, 0x13, 0x19, 0x8A, 0x2E, 0x03, 0x70, 0x73, 0x44];
        byte[] expected = aes.EncryptEcb(input, PaddingMode.None);
        Assert.Equal(expected, System.Runtime.InteropServices.MemoryMarshal.AsBytes(blocks.AsSpan()).ToArray());
    }

    /// <summary>
    /// The expansion is π(k ⊕ t) ⊕ k for block t, low word first, whatever the length: below four blocks, in whole
    /// and partial groups of sixteen and four blocks of the VAES path, and with one to seven words after them.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(46)]
    [InlineData(64)]
    [InlineData(129)]
    [InlineData(583)]
    public void TheSeedExpansionIsThePermutationOfSeedXorCounterXorSeed(int words)
    {
        ulong low = 0x0123456789ABCDEF, high = 0xFEDCBA9876543210;
        var output = new ulong[words];
        FixedKeyAes.Expand(low, high, output);
        var expected = new ulong[(words + 1) / 2 * 2];
        for (int t = 0; t < expected.Length / 2; t++)
        {
            (expected[2 * t], expected[(2 * t) + 1]) = (low ^ (ulong)t, high);
        }

        FixedKeyAes.Permute(expected);
        for (int t = 0; t < expected.Length / 2; t++)
        {
            expected[2 * t] ^= low;
            expected[(2 * t) + 1] ^= high;
        }

        Assert.Equal(expected.Take(words), output);
    }

    /// <summary>
    /// The narrow expansion's value l holds, in its low width bits, lane l mod L of word l / L of the full expansion:
    /// 2 lanes of 32 bits up to width 32, 4 of 16 up to 16, the full words above.
    /// </summary>
    [Theory]
    [InlineData(1, 64)]
    [InlineData(37, 64)]
    [InlineData(37, 33)]
    [InlineData(37, 32)]
    [InlineData(64, 17)]
    [InlineData(37, 16)]
    [InlineData(130, 1)]
    public void TheNarrowExpansionTakesLanesOfTheFullOne(int words, int width)
    {
        ulong low = 0x1122334455667788, high = 0x99AABBCCDDEEFF00;
        var full = new ulong[words];
        FixedKeyAes.Expand(low, high, full);
        var narrow = new ulong[words];
        FixedKeyAes.ExpandNarrow(low, high, narrow, width);
        int lanes = width <= 16 ? 4 : width <= 32 ? 2 : 1;
        ulong mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        for (int l = 0; l < words; l++)
        {
            Assert.Equal((full[l / lanes] >> (l % lanes * (64 / lanes))) & mask, narrow[l] & mask);
        }

        Assert.Contains(narrow, value => (value & mask) != 0);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(1_200_000)]
    public void BitStreamsRoundTripEveryWidthAcrossMessages(int count)
    {
        var random = new System.Random(5);
        var values = Enumerable.Range(0, count).Select(_ => ((ulong)random.NextInt64() << 1) ^ (ulong)random.Next()).ToArray();
        var widths = Enumerable.Range(0, count).Select(i => 1 + (i * 37 % 64)).ToArray();
        long bits = widths.Sum(w => (long)w);
        var messages = new Queue<byte[]>();
        var writer = new BitWriter(bits, 0x44, m => messages.Enqueue(m.ToArray()));
        for (int i = 0; i < values.Length; i++)
        {
            writer.Write(values.AsSpan(i, 1), widths[i]);
        }

        writer.Complete();
        Assert.Equal(BitWriter.Messages(bits), messages.Count);
        Assert.Equal(messages.Count + ((bits + 7) / 8), messages.Sum(m => (long)m.Length));
        Assert.All(messages, m => Assert.Equal(0x44, m[0]));
        var reader = new BitReader(bits, messages.Dequeue);
        var one = new ulong[1];
        for (int i = 0; i < values.Length; i++)
        {
            ulong mask = widths[i] == 64 ? ulong.MaxValue : (1UL << widths[i]) - 1;
            one[0] = 0;
            reader.AddTo(one, widths[i]);
            Assert.Equal(values[i] & mask, one[0]);
        }

        reader.Complete();
        Assert.Empty(messages);
    }

    /// <summary>Correlated OTs on random data: receiver output − sender output = c Δ mod 2^w, both directions.</summary>
    [Fact]
    public void CorrelatedOtsGiveTheReceiverXPlusChoiceTimesDelta()
    {
        const int count = 300, length = 3;
        byte[] seed = RandomNumberGenerator.GetBytes(32);
        static int Width(int ot) => 1 + (ot % 64);
        var results = OtPair.Run((transport, id) =>
        {
            var data = new AesCtrPrg(seed, (ulong)id);
            ulong[] choices = new ulong[(count + 63) / 64], deltas = new ulong[count * length];
            data.Fill(choices);
            data.Fill(deltas);
            using var session = OtSession.Establish(transport, id, new CryptoRandom());
            ulong[] received = new ulong[count * length], sent = new ulong[count * length];
            var batch = new CotBatch();
            batch.Receiving.Add(new VectorCotReceiver(choices, count, length, Width, received));
            batch.Sending.Add(new VectorCotSender(deltas, count, length, Width, sent));
            session.Run(batch, new byte[32]);
            return (choices, deltas, received, sent);
        });

        foreach (var (receiver, sender) in new[] { (results.Zero, results.One), (results.One, results.Zero) })
        {
            for (int j = 0; j < count; j++)
            {
                ulong c = (receiver.choices[j >> 6] >> (j & 63)) & 1;
                ulong mask = Width(j) == 64 ? ulong.MaxValue : (1UL << Width(j)) - 1;
                for (int l = 0; l < length; l++)
                {
                    int at = (j * length) + l;
                    Assert.Equal((c * sender.deltas[at]) & mask, (receiver.received[at] - sender.sent[at]) & mask);
                }
            }
        }
    }
}
