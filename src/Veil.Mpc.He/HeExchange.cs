using Veil.Mpc.Kernels;
using Veil.Mpc.Transport;

namespace Veil.Mpc.He;

/// <summary>
/// Runs a batch of <see cref="LinearJob"/>s between the two parties in two messages each way: both parties upload
/// encryptions of their right operands (skipping fixed ones already uploaded), evaluate the peer's with their left
/// operands into masked replies, and decrypt the peer's replies. For L = L0 + L1, R = R0 + R1, party p's share of L·R
/// is L_p·R_p + M_p + (L_(1−p)·R_p − M_(1−p)), where M_p is the mask of its reply to the peer.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; owned by one <see cref="HeTripleSource"/>.</remarks>
internal sealed class HeExchange
{
    private const byte UploadTag = 0x55, ReplyTag = 0x52;
    private readonly IMpcTransport _transport;
    private readonly int _peer;
    private readonly HeRing _ring;
    private readonly LocalKey _key;
    private readonly PeerEvaluator _evaluator;
    private readonly HashSet<string> _uploaded = [];
    private readonly Dictionary<string, HeCiphertext[]> _peerFixed = [];
    private readonly Dictionary<string, (int Kw, int Nw)> _fixedBlocks = [];

    public HeExchange(IMpcTransport transport, int peer, HeRing ring, LocalKey key, PeerEvaluator evaluator)
    {
        _transport = transport;
        _peer = peer;
        _ring = ring;
        _key = key;
        _evaluator = evaluator;
    }

    /// <summary>
    /// The most product outputs one exchange carries. Replies cost about 60 bytes per output, so a whole large batch
    /// (lenet's first convolution at batch 128 has 1.5 million outputs) would overflow a message; larger lists run as
    /// several exchanges, and a larger product as blocks of its rows (a fixed right operand is uploaded once for all).
    /// </summary>
    internal const int MaxOutputsPerExchange = 1 << 20;

    /// <summary>Runs the jobs, in as few exchanges as the message size allows, and returns this party's share of each product.</summary>
    /// <exception cref="PeerFailedException">The peer failed.</exception>
    /// <exception cref="MpcProtocolException">The peer sent a malformed message.</exception>
    public ulong[][] Run(IReadOnlyList<LinearJob> requested)
    {
        // Split products with too many outputs into row blocks; remember how to put them back together.
        var pieces = new List<LinearJob>();
        var owners = new List<(int Job, int FirstRow)>();
        for (int t = 0; t < requested.Count; t++)
        {
            LinearJob job = requested[t];
            int rows = Math.Max(1, MaxOutputsPerExchange / Math.Max(1, job.N));
            for (int first = 0; first < job.M; first += rows)
            {
                int m = Math.Min(rows, job.M - first);
                pieces.Add(m == job.M ? job : job with { M = m, Left = job.Left.AsSpan(first * job.K, m * job.K).ToArray() });
                owners.Add((t, first));
            }
        }

        var shares = new ulong[pieces.Count][];
        int start = 0;
        while (start < pieces.Count)
        {
            int end = start;
            long outputs = 0;
            while (end < pieces.Count && (end == start || outputs + ((long)pieces[end].M * pieces[end].N) <= MaxOutputsPerExchange))
            {
                outputs += (long)pieces[end].M * pieces[end].N;
                end++;
            }

            ulong[][] part = RunOnce(pieces.GetRange(start, end - start));
            part.CopyTo(shares, start);
            start = end;
        }

        if (pieces.Count == requested.Count)
        {
            return shares;
        }

        var results = requested.Select(j => new ulong[j.M * j.N]).ToArray();
        for (int i = 0; i < pieces.Count; i++)
        {
            var (job, firstRow) = owners[i];
            shares[i].CopyTo(results[job].AsSpan(firstRow * requested[job].N));
        }

        return results;
    }

    private ulong[][] RunOnce(List<LinearJob> requested)
    {
        // A fresh product may run transposed (Cᵀ = Rᵀ·Lᵀ) when encrypting L is cheaper than encrypting R.
        var flipped = new bool[requested.Count];
        var layouts = new MatMulLayout[requested.Count];
        var jobs = new LinearJob[requested.Count];
        for (int t = 0; t < requested.Count; t++)
        {
            (jobs[t], layouts[t], flipped[t]) = Orient(requested[t]);
        }

        var keys = jobs.Select((j, i) => j.FixedKey is null ? null : $"{j.FixedKey}/{layouts[i].Kw}x{layouts[i].Nw}").ToArray();

        // Round 1: upload encryptions of this party's right operands.
        var upload = new WireWriter();
        upload.WriteByte(UploadTag);
        upload.WriteInt32(jobs.Length);
        var fresh = new bool[jobs.Length];
        var poly = new ulong[_ring.N];
        for (int t = 0; t < jobs.Length; t++)
        {
            fresh[t] = keys[t] is null || !_uploaded.Contains(keys[t]!);
            if (!fresh[t])
            {
                continue;
            }

            MatMulLayout layout = layouts[t];
            for (int kb = 0; kb < layout.Kb; kb++)
            {
                for (int nb = 0; nb < layout.Nb; nb++)
                {
                    layout.EncodeRight(jobs[t].Right, kb, nb, poly);
                    _key.Encrypt(poly, upload);
                }
            }
        }

        _transport.Send(_peer, upload.Written);
        byte[] message = _transport.Receive(_peer);
        var peerCiphertexts = ReadUploads(message, layouts, keys, fresh);
        foreach (string? key in keys)
        {
            if (key is not null)
            {
                _uploaded.Add(key);
            }
        }

        for (int t = 0; t < jobs.Length; t++)
        {
            if (jobs[t].FixedKey is { } fixedKey)
            {
                _fixedBlocks.TryAdd(fixedKey, (layouts[t].Kw, layouts[t].Nw));
            }
        }

        // Round 2: evaluate the peer's ciphertexts with this party's left operands; keep the masks.
        var results = new ulong[jobs.Length][];
        var reply = new WireWriter();
        reply.WriteByte(ReplyTag);
        reply.WriteInt32(jobs.Length);
        for (int t = 0; t < jobs.Length; t++)
        {
            LinearJob job = jobs[t];
            results[t] = RingMatMul.Multiply(job.Left, job.Right, job.M, job.K, job.N);
            Evaluate(job, layouts[t], peerCiphertexts[t], results[t], reply);
            if (keys[t] is not null)
            {
                foreach (HeCiphertext ciphertext in peerCiphertexts[t])
                {
                    ciphertext.Compact();
                }
            }
        }

        _transport.Send(_peer, reply.Written);
        message = _transport.Receive(_peer);
        ReadReplies(message, layouts, results);
        for (int t = 0; t < results.Length; t++)
        {
            if (flipped[t])
            {
                results[t] = RingMatMul.Transpose(results[t], jobs[t].M, jobs[t].N);
            }
        }

        return results;
    }

    private (LinearJob Job, MatMulLayout Layout, bool Flipped) Orient(LinearJob job)
    {
        MatMulLayout layout = ChooseLayout(job);
        if (job.FixedKey is not null)
        {
            return (job, layout, false);
        }

        var transposed = new LinearJob(job.N, job.K, job.M, RingMatMul.Transpose(job.Right, job.K, job.N), RingMatMul.Transpose(job.Left, job.M, job.K), null);
        MatMulLayout other = ChooseLayout(transposed);
        return other.Cost < layout.Cost ? (transposed, other, true) : (job, layout, false);
    }

    /// <summary>A fixed operand keeps the blocks it was first uploaded with, whatever m later products have, so its
    /// ciphertexts are reused; anything else gets the cheapest layout.</summary>
    private MatMulLayout ChooseLayout(LinearJob job)
    {
        if (job.FixedKey is not null && _fixedBlocks.TryGetValue(job.FixedKey, out var blocks)
            && MatMulLayout.WithRightBlocks(_ring, job.M, job.K, job.N, blocks.Kw, blocks.Nw) is { } reused)
        {
            return reused;
        }

        HeTripleOptions options = _ring.Options;
        return job.FixedKey is null
            ? MatMulLayout.Choose(_ring, job.M, job.K, job.N, 1.0)
            : MatMulLayout.Choose(_ring, job.M, job.K, job.N, 1.0 / options.FixedMaskUses, options.MaxFixedCiphertexts);
    }

    private void Evaluate(LinearJob job, MatMulLayout layout, HeCiphertext[] ciphertexts, ulong[] result, WireWriter reply)
    {
        int floodBits = NoiseBudget.FloodBits(NoiseBudget.ProductNoiseBits(layout.NoiseTerms), _ring.Options.FloodingBits, _ring.LogN);
        var poly = new ulong[_ring.N];
        var plaintexts = new Arithmetic.RnsPoly[layout.Kb];
        for (int kb = 0; kb < layout.Kb; kb++)
        {
            plaintexts[kb] = _ring.Basis.NewPoly();
        }

        HeCiphertext accumulator = _evaluator.NewAccumulator();
        for (int mb = 0; mb < layout.Mb; mb++)
        {
            for (int kb = 0; kb < layout.Kb; kb++)
            {
                layout.EncodeLeft(job.Left, mb, kb, poly);
                _evaluator.Plaintext(poly, plaintexts[kb]);
            }

            for (int nb = 0; nb < layout.Nb; nb++)
            {
                for (int kb = 0; kb < layout.Kb; kb++)
                {
                    _evaluator.MultiplyAdd(ciphertexts[(kb * layout.Nb) + nb], plaintexts[kb], accumulator);
                }

                var (positions, outputs) = layout.Outputs(mb, nb);
                var masks = new ulong[positions.Length];
                _evaluator.WriteReply(accumulator, floodBits, positions, masks, reply);
                for (int j = 0; j < outputs.Length; j++)
                {
                    result[outputs[j]] += masks[j];
                }
            }
        }
    }

    private HeCiphertext[][] ReadUploads(byte[] message, MatMulLayout[] layouts, string?[] keys, bool[] fresh)
    {
        var reader = new WireReader(message);
        ReadHeader(ref reader, UploadTag, layouts.Length);
        var result = new HeCiphertext[layouts.Length][];
        for (int t = 0; t < layouts.Length; t++)
        {
            if (!fresh[t])
            {
                result[t] = _peerFixed[keys[t]!];
                continue;
            }

            result[t] = new HeCiphertext[layouts[t].Kb * layouts[t].Nb];
            for (int c = 0; c < result[t].Length; c++)
            {
                result[t][c] = HeCiphertext.ReadFresh(_ring, ref reader);
            }

            if (keys[t] is not null)
            {
                _peerFixed[keys[t]!] = result[t];
            }
        }

        reader.EnsureEnd();
        return result;
    }

    private void ReadReplies(byte[] message, MatMulLayout[] layouts, ulong[][] results)
    {
        var reader = new WireReader(message);
        ReadHeader(ref reader, ReplyTag, layouts.Length);
        for (int t = 0; t < layouts.Length; t++)
        {
            MatMulLayout layout = layouts[t];
            for (int mb = 0; mb < layout.Mb; mb++)
            {
                for (int nb = 0; nb < layout.Nb; nb++)
                {
                    var (positions, outputs) = layout.Outputs(mb, nb);
                    var (c0, c1) = PeerEvaluator.ReadReply(_ring, positions.Length, ref reader);
                    var values = new ulong[positions.Length];
                    _key.Decrypt(c0, c1, positions, values);
                    for (int j = 0; j < outputs.Length; j++)
                    {
                        results[t][outputs[j]] += values[j];
                    }
                }
            }
        }

        reader.EnsureEnd();
    }

    private static void ReadHeader(ref WireReader reader, byte tag, int count)
    {
        if (reader.ReadByte() != tag || reader.ReadInt32() != count)
        {
            throw new MpcProtocolException("The peer's homomorphic-encryption message is of the wrong kind or batch size: the parties are out of step.");
        }
    }
}
