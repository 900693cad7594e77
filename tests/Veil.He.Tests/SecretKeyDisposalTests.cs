using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.He.Tests;

public class SecretKeyDisposalTests(Context8192 context) : IClassFixture<Context8192>
{
    [Fact]
    public void Dispose_zeroes_the_key_and_later_use_is_refused()
    {
        SecretKey key = new KeyGenerator(context.Parameters).GenSecretKeyNew();
        Assert.False(key.MemoryIsZero());

        key.Dispose();
        key.Dispose();

        Assert.True(key.IsDisposed);
        Assert.True(key.MemoryIsZero());
        Assert.Throws<ObjectDisposedException>(() => new Decryptor(context.Parameters, key).DecryptNew(
            context.Encryptor.EncryptNew(new CkksEncoder(context.Parameters).EncodeNew(new double[] { 1.0 }))));
        Assert.Throws<ObjectDisposedException>(() => key.WriteTo(new MemoryStream()));
    }
}
