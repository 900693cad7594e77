using System.Diagnostics;
using System.Security.Cryptography;

namespace Veil.Federated.SecureAggregation;

/// <summary>
/// The server's side of a secure-aggregation round. It routes keys and encrypted shares, collects masked inputs, asks
/// the survivors for the shares that remove the masks, and returns the sum of the survivors' inputs modulo 2^32,
/// having seen nothing else: each masked input is uniformly random to it, and it never holds both a client's
/// self-mask seed and its mask key. Every message is checked: an unknown or unexpected sender, a repeat, a wrong
/// length, a malformed share or a share that does not rebuild the committed secret is a <see cref="SecAggException"/>,
/// and the message is not counted.
/// </summary>
/// <remarks>Thread-safety: a state machine for one round; not safe for concurrent use.</remarks>
public sealed class SecAggServer
{
    private readonly SecAggRound _round;
    private readonly Dictionary<int, KeyAdvertisement> _advertised = [];
    private readonly Dictionary<int, ShareKeysMessage> _shared = [];
    private readonly Dictionary<int, List<EncryptedShare>> _inbox = [];
    private readonly Dictionary<int, uint[]> _masked = [];
    private readonly HashSet<int> _maskedFrom = [];
    private readonly Dictionary<int, UnmaskMessage> _unmasks = [];
    private HashSet<int>? _u1, _u2, _u3, _dropped;

    /// <summary>Creates the server side of <paramref name="round"/>.</summary>
    /// <exception cref="ArgumentException">The session id is shorter than 16 bytes or the vector length not positive.</exception>
    public SecAggServer(SecAggRound round)
    {
        _round = Guard.NotNull(round);
        Guard.IsTrue(round.SessionId is { Length: >= 16 }, nameof(round), "needs a session id of at least 16 bytes");
        Guard.Positive(round.VectorLength);
    }

    /// <summary>Time spent in <see cref="Finish"/> (reconstruction and unmasking), the server's main cost; after
    /// <see cref="MaskRemovals"/> alone, the reconstruction only.</summary>
    public TimeSpan UnmaskingTime { get; private set; }

    /// <summary>The clients whose inputs are in the sum (after <see cref="Finish"/>).</summary>
    public IReadOnlyCollection<int> Survivors => _u3 ?? [];

    /// <summary>Step 0: accepts a client's keys.</summary>
    /// <exception cref="SecAggException">Out of order, an unknown or repeated client, or malformed keys.</exception>
    public void Receive(KeyAdvertisement message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Require(_u1 is null, "key advertisements are closed");
        Known(message.Client);
        SecAggKeys.ImportPublic(message.ChannelKey, $"client {message.Client}'s channel key").Dispose();
        SecAggKeys.ImportPublic(message.MaskKey, $"client {message.Client}'s mask key").Dispose();
        Require(_advertised.TryAdd(message.Client, message), $"client {message.Client} advertised twice: refused");
    }

    /// <summary>Closes step 0 and returns the advertisements to broadcast.</summary>
    /// <exception cref="SecAggException">Fewer clients than the threshold advertised.</exception>
    public IReadOnlyList<KeyAdvertisement> FinishAdvertising()
    {
        Require(_u1 is null, "key advertisements are already closed");
        _u1 = [.. _advertised.Keys];
        Enough(_u1.Count, "advertised keys");
        return [.. _advertised.Values];
    }

    /// <summary>Step 1: accepts a client's encrypted shares for routing.</summary>
    /// <exception cref="SecAggException">Out of order, the sender did not advertise or repeats, a share names another
    /// sender or a recipient that is not its holder, or the commitment is malformed.</exception>
    public void Receive(ShareKeysMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Require(_u1 is not null && _u2 is null, "shares are not being collected now");
        Require(_u1!.Contains(message.Client), $"client {message.Client} did not advertise keys: its shares are refused");
        Require(message.SelfMaskCommitment is { Length: 32 }, $"client {message.Client}'s commitment is malformed");
        var holders = new HashSet<int>(_round.Graph.Holders(message.Client));
        var recipients = new HashSet<int>();
        foreach (EncryptedShare share in message.Shares)
        {
            Require(share is not null && share.From == message.Client, $"client {message.Client} sent a share under another sender's name");
            Require(share!.To != message.Client && holders.Contains(share.To) && _u1.Contains(share.To) && recipients.Add(share.To),
                $"client {message.Client} sent a share to {share.To}, who is not one of its holders, or twice");
        }

        Require(!_shared.ContainsKey(message.Client), $"client {message.Client} shared twice: refused");
        _shared[message.Client] = message;
    }

    /// <summary>Closes step 1; afterwards <see cref="SharesFor"/> gives each client its shares.</summary>
    /// <exception cref="SecAggException">Fewer clients than the threshold sent shares.</exception>
    public void FinishSharing()
    {
        Require(_u1 is not null && _u2 is null, "sharing is not open");
        _u2 = [.. _shared.Keys];
        Enough(_u2.Count, "sent shares");
        foreach (ShareKeysMessage message in _shared.Values)
        {
            foreach (EncryptedShare share in message.Shares)
            {
                if (!_inbox.TryGetValue(share.To, out List<EncryptedShare>? list))
                {
                    _inbox[share.To] = list = [];
                }

                list.Add(share);
            }
        }
    }

    /// <summary>The encrypted shares addressed to <paramref name="client"/>.</summary>
    /// <exception cref="SecAggException">Sharing is not closed, or the client did not reach step 1.</exception>
    public IReadOnlyList<EncryptedShare> SharesFor(int client)
    {
        Require(_u2 is not null && _u2.Contains(client), $"client {client} has no shares to collect now");
        return _inbox.TryGetValue(client, out List<EncryptedShare>? list) ? list : [];
    }

    /// <summary>Step 2: accepts a client's masked input.</summary>
    /// <exception cref="SecAggException">Out of order, the sender did not send shares or repeats, or the length is wrong.</exception>
    public void Receive(MaskedInputMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        CountMaskedInput(message.Client, message.Masked?.Length ?? 0);
        _masked[message.Client] = message.Masked!;
    }

    /// <summary>
    /// Step 2 when the masked vectors are summed elsewhere (aggregation shards): throws unless
    /// <paramref name="client"/> may send an input of <paramref name="length"/> elements now, without counting it.
    /// Forward the vector only if this returns, then call <see cref="CountMaskedInput"/>.
    /// </summary>
    /// <exception cref="SecAggException">Out of order, the sender did not send shares or repeats, or the length is wrong.</exception>
    public void CheckMaskedInput(int client, int length)
    {
        Require(_u2 is not null && _u3 is null, "masked inputs are not being collected now");
        Require(_u2!.Contains(client), $"client {client} sent no shares: its input is refused");
        Require(length == _round.VectorLength, $"client {client}'s input has {length} elements, not {_round.VectorLength}: refused");
        Require(!_maskedFrom.Contains(client), $"client {client} sent a second input: refused");
    }

    /// <summary>Step 2 when the masked vectors are summed elsewhere: checks (as <see cref="CheckMaskedInput"/>) and
    /// counts <paramref name="client"/>'s input, whose vector the caller has added to its sum.</summary>
    /// <exception cref="SecAggException">As <see cref="CheckMaskedInput"/>.</exception>
    public void CountMaskedInput(int client, int length)
    {
        CheckMaskedInput(client, length);
        _maskedFrom.Add(client);
    }

    /// <summary>Closes step 2 and returns the request to send to the survivors.</summary>
    /// <exception cref="SecAggException">Fewer clients than the threshold sent inputs.</exception>
    public UnmaskRequest FinishMasking()
    {
        Require(_u2 is not null && _u3 is null, "masking is not open");
        _u3 = [.. _maskedFrom];
        Enough(_u3.Count, "sent masked inputs");
        _dropped = [.. _u2!.Except(_u3)];
        return new UnmaskRequest([.. _u3.Order()], [.. _dropped.Order()]);
    }

    /// <summary>Step 3: accepts a survivor's shares.</summary>
    /// <exception cref="SecAggException">Out of order, the sender is not a survivor or repeats, or a share is malformed,
    /// of the wrong kind for its owner, or for an owner whose holder the sender is not.</exception>
    public void Receive(UnmaskMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Require(_u3 is not null && _unmasks.Count < int.MaxValue && !_finished, "unmasking shares are not being collected now");
        Require(_u3!.Contains(message.Client), $"client {message.Client} is not a survivor: its shares are refused");
        Require(!_unmasks.ContainsKey(message.Client), $"client {message.Client} answered twice: refused");
        foreach ((int owner, ulong[] share) in message.SelfMaskShares)
        {
            Require(_u3.Contains(owner) && _round.Graph.Holders(owner).Contains(message.Client), $"client {message.Client} sent a seed share for {owner}, which it cannot hold");
            CheckShare(share, message.Client, owner);
        }

        foreach ((int owner, ulong[] share) in message.MaskKeyShares)
        {
            Require(_dropped!.Contains(owner) && _round.Graph.Holders(owner).Contains(message.Client), $"client {message.Client} sent a key share for {owner}, which is not a dropped client it holds");
            CheckShare(share, message.Client, owner);
        }

        _unmasks[message.Client] = message;
    }

    private bool _finished;

    /// <summary>Removes the masks and returns the sum of the survivors' inputs modulo 2^32.</summary>
    /// <exception cref="SecAggException">Too few survivors answered to rebuild a seed or key, a rebuilt secret does
    /// not match its commitment or advertised key, or the inputs were counted with <see cref="CountMaskedInput"/>
    /// (their sum is the caller's: use <see cref="MaskRemovals"/>).</exception>
    public uint[] Finish()
    {
        Require(_u3 is not null && _u3.All(_masked.ContainsKey), "the masked inputs were summed elsewhere: remove the masks with MaskRemovals");
        var clock = Stopwatch.StartNew();
        IReadOnlyList<MaskRemoval> removals = MaskRemovals();
        uint[] sum = new uint[_round.VectorLength];
        foreach (int u in _u3!.Order())
        {
            uint[] y = _masked[u];
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += y[i];
            }
        }

        uint[] scratch = new uint[sum.Length];
        foreach (MaskRemoval removal in removals)
        {
            removal.ApplyTo(sum, scratch);
        }

        UnmaskingTime = clock.Elapsed;
        return sum;
    }

    /// <summary>
    /// Rebuilds every secret the unmasking needs and returns the mask expansions to apply to the sum of the survivors'
    /// masked inputs (in any order, on any part of the sum): each survivor's self mask, and each dropped client's
    /// pairwise masks with its surviving neighbours. Callable once.
    /// </summary>
    /// <exception cref="SecAggException">Out of order or repeated, too few survivors answered to rebuild a seed or key,
    /// or a rebuilt secret does not match its commitment or advertised key.</exception>
    public IReadOnlyList<MaskRemoval> MaskRemovals()
    {
        Require(_u3 is not null && !_finished, "the round cannot finish now");
        var clock = Stopwatch.StartNew();
        var removals = new List<MaskRemoval>();
        foreach (int u in _u3!.Order())
        {
            byte[] seed = Rebuild(u, m => m.SelfMaskShares);
            Require(CryptographicOperations.FixedTimeEquals(SecAggClient.Commitment(_round.SessionId, u, seed), _shared[u].SelfMaskCommitment),
                $"the shares of client {u}'s self-mask seed do not match its commitment");
            removals.Add(new MaskRemoval(seed, Subtract: true));
        }

        foreach (int u in _dropped!.Order())
        {
            byte[] scalar = Rebuild(u, m => m.MaskKeyShares);
            using ECDiffieHellman key = SecAggKeys.FromScalar(scalar, _advertised[u].MaskKey, u);
            CryptographicOperations.ZeroMemory(scalar);
            foreach (int v in _round.Graph.Neighbors(u))
            {
                if (!_u3!.Contains(v))
                {
                    continue;
                }

                // v added its mask with u when v < u and subtracted it when v > u: undo that.
                using ECDiffieHellman theirs = SecAggKeys.ImportPublic(_advertised[v].MaskKey, $"client {v}'s mask key");
                removals.Add(new MaskRemoval(SecAggKeys.Agree(key, theirs, SecAggClient.MaskPurpose, _round.SessionId, u, v), Subtract: v < u));
            }
        }

        _finished = true;
        UnmaskingTime = clock.Elapsed;
        return removals;
    }

    private byte[] Rebuild(int owner, Func<UnmaskMessage, IReadOnlyDictionary<int, ulong[]>> pick)
    {
        var points = new List<long>();
        var shares = new List<ulong[]>();
        foreach ((int holder, UnmaskMessage message) in _unmasks)
        {
            if (pick(message).TryGetValue(owner, out ulong[]? share))
            {
                points.Add(holder + 1L);
                shares.Add(share);
            }
        }

        Require(points.Count >= _round.Graph.Threshold,
            $"only {points.Count} shares of client {owner}'s secret arrived; {_round.Graph.Threshold} are needed (too many dropped)");
        return ShamirSharing.Combine(points, shares);
    }

    private static void CheckShare(ulong[] share, int holder, int owner)
    {
        try
        {
            ShamirSharing.CheckShare(share);
        }
        catch (ArgumentException e)
        {
            throw new SecAggException($"client {holder}'s share for client {owner} is malformed", e);
        }
    }

    private void Known(int client) => _ = _round.Graph.Neighbors(client);

    private void Enough(int count, string what) =>
        Require(count >= _round.Graph.Threshold, $"only {count} clients {what}; the threshold is {_round.Graph.Threshold}");

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new SecAggException(message);
        }
    }
}
