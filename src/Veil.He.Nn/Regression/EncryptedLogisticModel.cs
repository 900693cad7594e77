using Veil.He.Rlwe;

namespace Veil.He.Nn.Regression;

/// <summary>
/// Encrypted logistic-regression parameters: one ciphertext per weight, the bias last. A model fresh from the client
/// holds each value in every slot; after a server epoch each holds its updated value in slot 0.
/// </summary>
/// <remarks>Thread-safety: read-only after creation, safe for concurrent reads.</remarks>
public sealed class EncryptedLogisticModel
{
    internal EncryptedLogisticModel(Ciphertext[] parameters)
    {
        Parameters = parameters;
    }

    /// <summary>Weights, then the bias.</summary>
    public IReadOnlyList<Ciphertext> Parameters { get; }

    /// <summary>Serialized bytes of all the ciphertexts.</summary>
    public long SerializedSize => Parameters.Sum(c => c.SerializedSize);
}
