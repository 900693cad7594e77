using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Veil.Federated.SecureAggregation;

/// <summary>
/// One client's side of a secure-aggregation round (Bonawitz et al. 2017, semi-honest): fresh P-256 key pairs and a
/// self-mask seed per round; Shamir shares of the mask key's secret and of the seed, encrypted to each holder with
/// AES-GCM; the input masked by the self mask and by one pairwise mask per neighbour (added toward higher ids,
/// subtracted toward lower, so they cancel in the sum); and, at the end, shares that let the server remove the masks
/// of survivors' seeds and of dropped clients' pairwise masks, never both for one client.
/// </summary>
/// <remarks>Thread-safety: a state machine for one round; not safe for concurrent use. Dispose it to release its keys.</remarks>
public sealed class SecAggClient : IDisposable
{
    internal const string ChannelPurpose = "veil/secagg/channel/v1";
    internal const string MaskPurpose = "veil/secagg/mask/v1";
    private const int PlainShareSize = 8 + (2 * 8 * ShamirSharing.ShareLength);

    private readonly SecAggRound _round;
    private readonly ECDiffieHellman _channel = SecAggKeys.NewKey(), _mask = SecAggKeys.NewKey();
    private readonly byte[] _selfSeed = RandomNumberGenerator.GetBytes(32);
    private readonly Dictionary<int, KeyAdvertisement> _peers = [];
    private readonly Dictionary<int, (ulong[] MaskKey, ulong[] SelfMask)> _held = [];
    private Step _step = Step.Advertise;

    /// <summary>Creates client <paramref name="id"/> of <paramref name="round"/>.</summary>
    /// <exception cref="SecAggException">The client is not in the round's graph.</exception>
    public SecAggClient(int id, SecAggRound round)
    {
        _round = Guard.NotNull(round);
        Id = id;
        _ = round.Graph.Neighbors(id);
    }

    private enum Step
    {
        Advertise,
        ShareKeys,
        MaskInput,
        Unmask,
        Done,
    }

    /// <summary>The client's id in the round.</summary>
    public int Id { get; }

    /// <summary>Step 0: the client's public keys.</summary>
    /// <exception cref="SecAggException">Called out of order.</exception>
    public KeyAdvertisement Advertise()
    {
        Expect(Step.Advertise);
        _step = Step.ShareKeys;
        return new KeyAdvertisement(Id, _channel.ExportSubjectPublicKeyInfo(), _mask.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Step 1: from the advertised keys (the server's broadcast), shares of the mask key and the self-mask seed
    /// for every holder that advertised, each encrypted to it.</summary>
    /// <exception cref="SecAggException">Out of order, a key is malformed or repeated, or too few holders remain.</exception>
    public ShareKeysMessage ShareKeys(IReadOnlyList<KeyAdvertisement> advertisements)
    {
        Expect(Step.ShareKeys);
        ArgumentNullException.ThrowIfNull(advertisements);
        var holders = new HashSet<int>(_round.Graph.Holders(Id));
        foreach (KeyAdvertisement a in advertisements)
        {
            if (a.Client == Id || !holders.Contains(a.Client))
            {
                continue;
            }

            SecAggKeys.ImportPublic(a.ChannelKey, $"client {a.Client}'s channel key").Dispose();
            SecAggKeys.ImportPublic(a.MaskKey, $"client {a.Client}'s mask key").Dispose();
            if (!_peers.TryAdd(a.Client, a))
            {
                throw new SecAggException($"client {a.Client} advertised twice");
            }
        }

        int[] recipients = [.. _peers.Keys.Order(), Id];
        if (recipients.Length < _round.Graph.Threshold)
        {
            throw new SecAggException($"only {recipients.Length} holders advertised keys; the threshold is {_round.Graph.Threshold}");
        }

        long[] points = [.. recipients.Select(r => (long)r + 1)];
        byte[] scalar = SecAggKeys.PrivateScalar(_mask);
        ulong[][] keyShares = ShamirSharing.Split(scalar, _round.Graph.Threshold, points);
        ulong[][] seedShares = ShamirSharing.Split(_selfSeed, _round.Graph.Threshold, points);
        CryptographicOperations.ZeroMemory(scalar);
        var encrypted = new List<EncryptedShare>(recipients.Length - 1);
        for (int i = 0; i < recipients.Length; i++)
        {
            int to = recipients[i];
            if (to == Id)
            {
                _held[Id] = (keyShares[i], seedShares[i]);
                continue;
            }

            encrypted.Add(Encrypt(to, keyShares[i], seedShares[i]));
        }

        _step = Step.MaskInput;
        return new ShareKeysMessage(Id, Commitment(_round.SessionId, Id, _selfSeed), encrypted);
    }

    /// <summary>Step 2: decrypts the shares addressed to this client (from the clients that reached step 1) and masks
    /// <paramref name="input"/> with the self mask and a pairwise mask per neighbour among them.</summary>
    /// <exception cref="SecAggException">Out of order, or a share is not for this client, fails authentication, or
    /// repeats.</exception>
    /// <exception cref="ArgumentException">The input's length is not the round's.</exception>
    public MaskedInputMessage MaskInput(IReadOnlyList<EncryptedShare> sharesForMe, ReadOnlySpan<uint> input)
    {
        Expect(Step.MaskInput);
        ArgumentNullException.ThrowIfNull(sharesForMe);
        Guard.LengthEquals(input.Length, _round.VectorLength, nameof(input));
        foreach (EncryptedShare share in sharesForMe)
        {
            (ulong[] key, ulong[] seed) = Decrypt(share);
            if (!_held.TryAdd(share.From, (key, seed)))
            {
                throw new SecAggException($"a second share from client {share.From} was refused (replay)");
            }
        }

        uint[] masked = input.ToArray();
        uint[] scratch = new uint[masked.Length];
        MaskExpansion.Apply(_selfSeed, masked, subtract: false, scratch);
        foreach (int v in _round.Graph.Neighbors(Id))
        {
            if (v == Id || !_held.ContainsKey(v))
            {
                continue; // v did not reach step 1: no mask with it.
            }

            using ECDiffieHellman theirs = SecAggKeys.ImportPublic(_peers[v].MaskKey, $"client {v}'s mask key");
            byte[] seed = SecAggKeys.Agree(_mask, theirs, MaskPurpose, _round.SessionId, Id, v);
            MaskExpansion.Apply(seed, masked, subtract: Id > v, scratch);
            CryptographicOperations.ZeroMemory(seed);
        }

        _step = Step.Unmask;
        return new MaskedInputMessage(Id, masked);
    }

    /// <summary>Step 3: shares of the self-mask seed of each survivor and of the mask key of each dropped client that
    /// this client holds.</summary>
    /// <exception cref="SecAggException">Out of order, a client is listed as both survivor and dropped, this client is
    /// not a survivor, or fewer survivors than the threshold remain (answering could then reveal a client's input).</exception>
    public UnmaskMessage Unmask(UnmaskRequest request)
    {
        Expect(Step.Unmask);
        ArgumentNullException.ThrowIfNull(request);
        var survivors = new HashSet<int>(request.Survivors);
        var dropped = new HashSet<int>(request.Dropped);
        if (survivors.Overlaps(dropped) || survivors.Count != request.Survivors.Count || dropped.Count != request.Dropped.Count)
        {
            throw new SecAggException("the unmask request lists a client twice or as both survivor and dropped: refused");
        }

        if (!survivors.Contains(Id))
        {
            throw new SecAggException($"client {Id} is not among the survivors of its own round");
        }

        if (survivors.Count < _round.Graph.Threshold)
        {
            throw new SecAggException($"only {survivors.Count} survivors; the threshold is {_round.Graph.Threshold}");
        }

        var selfMaskShares = new Dictionary<int, ulong[]>();
        var keyShares = new Dictionary<int, ulong[]>();
        foreach ((int owner, (ulong[] key, ulong[] seed)) in _held)
        {
            if (survivors.Contains(owner))
            {
                selfMaskShares[owner] = seed;
            }
            else if (dropped.Contains(owner))
            {
                keyShares[owner] = key;
            }
        }

        _step = Step.Done;
        return new UnmaskMessage(Id, selfMaskShares, keyShares);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _channel.Dispose();
        _mask.Dispose();
        CryptographicOperations.ZeroMemory(_selfSeed);
    }

    internal static byte[] Commitment(byte[] session, int client, ReadOnlySpan<byte> seed)
    {
        byte[] data = [.. System.Text.Encoding.ASCII.GetBytes("veil/secagg/commit/v1"), .. session, .. BitConverter.GetBytes(client), .. seed];
        return SHA256.HashData(data);
    }

    private void Expect(Step step)
    {
        if (_step != step)
        {
            throw new SecAggException($"client {Id}: step {step} was asked, but the round is at {_step}");
        }
    }

    private byte[] AssociatedData(int from, int to) =>
        [.. System.Text.Encoding.ASCII.GetBytes(ChannelPurpose), .. _round.SessionId, .. BitConverter.GetBytes(from), .. BitConverter.GetBytes(to)];

    private EncryptedShare Encrypt(int to, ulong[] keyShare, ulong[] seedShare)
    {
        using ECDiffieHellman theirs = SecAggKeys.ImportPublic(_peers[to].ChannelKey, $"client {to}'s channel key");
        byte[] key = SecAggKeys.Agree(_channel, theirs, ChannelPurpose, _round.SessionId, Id, to);
        byte[] plain = new byte[PlainShareSize];
        BinaryPrimitives.WriteInt32LittleEndian(plain, Id);
        BinaryPrimitives.WriteInt32LittleEndian(plain.AsSpan(4), to);
        for (int i = 0; i < ShamirSharing.ShareLength; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(plain.AsSpan(8 + (8 * i)), keyShare[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(plain.AsSpan(8 + (8 * (ShamirSharing.ShareLength + i))), seedShare[i]);
        }

        byte[] nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        byte[] cipher = new byte[plain.Length], tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag, AssociatedData(Id, to));
        }

        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(plain);
        return new EncryptedShare(Id, to, nonce, cipher, tag);
    }

    private (ulong[] Key, ulong[] Seed) Decrypt(EncryptedShare share)
    {
        if (share is null || share.To != Id || !_peers.TryGetValue(share.From, out KeyAdvertisement? sender))
        {
            throw new SecAggException($"client {Id} was handed a share {(share is null ? "that is null" : $"from {share.From} to {share.To}")}, not one addressed to it by a holder-peer");
        }

        if (share.Ciphertext.Length != PlainShareSize || share.Nonce.Length != AesGcm.NonceByteSizes.MaxSize || share.Tag.Length != AesGcm.TagByteSizes.MaxSize)
        {
            throw new SecAggException($"the share from client {share.From} is malformed");
        }

        using ECDiffieHellman theirs = SecAggKeys.ImportPublic(sender.ChannelKey, $"client {share.From}'s channel key");
        byte[] key = SecAggKeys.Agree(_channel, theirs, ChannelPurpose, _round.SessionId, Id, share.From);
        byte[] plain = new byte[PlainShareSize];
        try
        {
            using var aes = new AesGcm(key, share.Tag.Length);
            aes.Decrypt(share.Nonce, share.Ciphertext, share.Tag, plain, AssociatedData(share.From, Id));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new SecAggException($"the share from client {share.From} failed authentication (tampered, or replayed from another pair or round)", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        if (BinaryPrimitives.ReadInt32LittleEndian(plain) != share.From || BinaryPrimitives.ReadInt32LittleEndian(plain.AsSpan(4)) != Id)
        {
            throw new SecAggException($"the share from client {share.From} names other parties inside");
        }

        var keyShare = new ulong[ShamirSharing.ShareLength];
        var seedShare = new ulong[ShamirSharing.ShareLength];
        for (int i = 0; i < ShamirSharing.ShareLength; i++)
        {
            keyShare[i] = BinaryPrimitives.ReadUInt64LittleEndian(plain.AsSpan(8 + (8 * i)));
            seedShare[i] = BinaryPrimitives.ReadUInt64LittleEndian(plain.AsSpan(8 + (8 * (ShamirSharing.ShareLength + i))));
        }

        CryptographicOperations.ZeroMemory(plain);
        try
        {
            ShamirSharing.CheckShare(keyShare);
            ShamirSharing.CheckShare(seedShare);
        }
        catch (ArgumentException e)
        {
            throw new SecAggException($"the share from client {share.From} holds values outside the field", e);
        }

        return (keyShare, seedShare);
    }
}
