using Veil.Mpc.Preprocessing;
using Veil.Random;

namespace Veil.Mpc.Tests.Preprocessing;

public class AesCtrStreamTests
{
    /// <summary>The fast stream is AesCtrPrg's stream, however the reads are cut (including across chunk boundaries).</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheStreamEqualsAesCtrPrgsForEveryReadPattern(bool intrinsics)
    {
        byte[] seed = AesCtrPrg.NewSeed();
        foreach (ulong stream in new ulong[] { 0, 7, ulong.MaxValue })
        {
            using var reference = new AesCtrPrg(seed, stream);
            using var fast = new AesCtrStream(seed, stream, intrinsics);
            var random = new System.Random((int)(stream % 1000));
            for (int read = 0; read < 200; read++)
            {
                int length = read % 3 == 0 ? random.Next(0, 2000) : random.Next(0, 20);
                var expected = new byte[length];
                var actual = new byte[length];
                reference.Fill(expected);
                fast.Fill(actual);
                Assert.Equal(expected, actual);
                Assert.Equal(reference.NextUInt64(), fast.NextUInt64());
            }
        }
    }
}
