namespace Veil.Federated.SecureAggregation;

/// <summary>The public description of one aggregation: a fresh session id (domain-separates every key, mask and
/// share of the round), the graph of who masks with whom, and the vector length.</summary>
/// <param name="SessionId">16 or more random bytes chosen by the server for this round.</param>
/// <param name="Graph">The masking graph over the round's clients.</param>
/// <param name="VectorLength">The number of ring elements each client contributes.</param>
public sealed record SecAggRound(byte[] SessionId, SecAggGraph Graph, int VectorLength);

/// <summary>Step 0, client → server → all: a client's two fresh public keys (SubjectPublicKeyInfo, P-256), one to agree
/// channel keys for its shares, one to agree pairwise masks.</summary>
public sealed record KeyAdvertisement(int Client, byte[] ChannelKey, byte[] MaskKey)
{
    /// <summary>Bytes on the wire: the id and both keys with their lengths.</summary>
    public int WireSize => 4 + 4 + ChannelKey.Length + 4 + MaskKey.Length;
}

/// <summary>A share of a client's mask-key secret and of its self-mask seed, encrypted with AES-GCM for one holder
/// under their agreed channel key; sender, recipient and session are authenticated as associated data.</summary>
public sealed record EncryptedShare(int From, int To, byte[] Nonce, byte[] Ciphertext, byte[] Tag)
{
    /// <summary>Bytes on the wire.</summary>
    public int WireSize => 4 + 4 + Nonce.Length + 4 + Ciphertext.Length + Tag.Length;
}

/// <summary>Step 1, client → server: the encrypted shares for each holder, and a hash commitment to the self-mask seed
/// (so a reconstructed seed can be checked).</summary>
public sealed record ShareKeysMessage(int Client, byte[] SelfMaskCommitment, IReadOnlyList<EncryptedShare> Shares)
{
    /// <summary>Bytes on the wire.</summary>
    public int WireSize => 4 + SelfMaskCommitment.Length + 4 + Shares.Sum(s => s.WireSize);
}

/// <summary>Step 2, client → server: the client's quantized vector plus its self mask and pairwise masks, modulo 2^32.</summary>
public sealed record MaskedInputMessage(int Client, uint[] Masked)
{
    /// <summary>Bytes on the wire.</summary>
    public int WireSize => 4 + 4 + (4 * Masked.Length);
}

/// <summary>Step 3, server → clients: who sent a masked input (survivors) and who sent shares but no input (dropped).</summary>
public sealed record UnmaskRequest(IReadOnlyList<int> Survivors, IReadOnlyList<int> Dropped);

/// <summary>Step 3, client → server: shares of survivors' self-mask seeds and of dropped clients' mask keys, never
/// both for one client.</summary>
public sealed record UnmaskMessage(int Client, IReadOnlyDictionary<int, ulong[]> SelfMaskShares, IReadOnlyDictionary<int, ulong[]> MaskKeyShares)
{
    /// <summary>Bytes on the wire.</summary>
    public int WireSize => 4 + 8 + ((SelfMaskShares.Count + MaskKeyShares.Count) * (4 + (8 * ShamirSharing.ShareLength)));
}
