using Veil.He.Rlwe;

namespace Veil.He.Nn.Regression;

/// <summary>
/// A labelled data set as the server holds it: one ciphertext per feature column (example i in slot i, zeros past the
/// last example), a last column of ones for the bias, and the labels as one more ciphertext. The server never sees a
/// value; it knows only the counts.
/// </summary>
/// <remarks>Thread-safety: read-only after creation, safe for concurrent reads.</remarks>
public sealed class EncryptedDataset
{
    internal EncryptedDataset(Ciphertext[] columns, Ciphertext labels, int count, long uploadBytes)
    {
        Columns = columns;
        Labels = labels;
        Count = count;
        UploadBytes = uploadBytes;
    }

    /// <summary>Feature columns, the ones column (bias) last.</summary>
    public IReadOnlyList<Ciphertext> Columns { get; }

    /// <summary>The labels (0 or 1) in slots 0 … Count − 1.</summary>
    public Ciphertext Labels { get; }

    /// <summary>Number of examples.</summary>
    public int Count { get; }

    /// <summary>Bytes the client sends to upload it (seeded symmetric ciphertexts: c_0 and a seed each).</summary>
    public long UploadBytes { get; }
}
