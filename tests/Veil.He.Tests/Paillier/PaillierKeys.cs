using Veil.He.Paillier;

namespace Veil.He.Tests.Paillier;

/// <summary>One 2048-bit key pair (and a second, unrelated one) shared by the Paillier tests.</summary>
public sealed class PaillierKeys
{
    public PaillierKeys()
    {
        Pair = PaillierKeyGenerator.Generate(2048);
        Other = PaillierKeyGenerator.Generate(2048);
        Encryptor = new PaillierEncryptor(Pair.PublicKey);
        Decryptor = new PaillierDecryptor(Pair.SecretKey);
        Evaluator = new PaillierEvaluator(Pair.PublicKey);
    }

    public PaillierKeyPair Pair { get; }

    public PaillierKeyPair Other { get; }

    public PaillierEncryptor Encryptor { get; }

    public PaillierDecryptor Decryptor { get; }

    public PaillierEvaluator Evaluator { get; }
}
