using Veil.He.Rlwe;

namespace Veil.He.Nn.Regression;

/// <summary>
/// Encrypted logistic-regression parameters: one ciphertext per weight, the bias last. A model fresh from the client
/// holds each value in every slot; after a server epoch each holds its updated value in slot 0.
/// </summary>
/// <remarks>Thread-safety: read-only after creation, safe for concurrent reads.</remarks>
public sealed class EncryptedLogisticModel
{
    internal EncryptedLogisticModel(Ciphertext[] parameters, long uploadBytes = 0)
    {
        Parameters = parameters;
        UploadBytes = uploadBytes > 0 ? uploadBytes : parameters.Sum(c => c.SerializedSize);
    }

    /// <summary>Weights, then the bias.</summary>
    public IReadOnlyList<Ciphertext> Parameters { get; }

    /// <summary>Bytes to send it: seeded ciphertexts (c_0 and a seed) when the client made it, full ones when the
    /// server did.</summary>
    public long UploadBytes { get; }
}
