using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using System.Text;
using Veil.Mpc.Kernels;
using Veil.Mpc.Transport;
using Veil.Random;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// Products with an operand W that the owner O holds in the clear, for the other party D's mask A: C_D + C_O = A W.
/// <see cref="SetUp"/> runs, once per operand, L random OTs per weight with O choosing by the bits of W's L-bit two's
/// complement (one extension batch). For the t-th product, every OT (weight o, bit i) carries a vector: D expands
/// pad_c = pad(k_c, t, ·) (<see cref="OwnedPads"/>), sends corr = pad_0 − pad_1 ± V (V the column of A the weight
/// multiplies, minus for the sign bit) modulo 2^(64 − i), and keeps −2^i pad_0; O, with k_b, takes pad_b (+ corr when
/// b = 1) = pad_0 + b(±V) and keeps 2^i of it. Summed over bits and weights: A W. No OT extension per product, and O
/// sends nothing: one stream of Σ_i (64 − i) bits per weight and vector element, from D to O.
/// </summary>
/// <remarks>
/// Requests are planned with the rest of a batch (<see cref="Plan"/>) and their corrections streamed after the
/// batch's OTs (<see cref="Exchange"/>), so the batch digest has already checked that both parties asked for the same.
/// Thread-safety: not safe for concurrent use.
/// </remarks>
internal sealed class OwnedCorrelations(OtSession session, IMpcTransport transport, int party, IRandomSource random) : IDisposable
{
    private const byte CorrectionTag = 0x4F;

    /// <summary>Vector elements handled at a time: the scratch stays a few MiB whatever the layer.</summary>
    private const int ChunkElements = 1 << 17;

    private readonly List<OwnedKeys> _operands = [];
    private readonly List<Job> _jobs = [];

    /// <summary>Whether <paramref name="request"/> is a product with an owned operand.</summary>
    public static bool Handles(CorrelationRequest request) => request.Kind is CorrelationKind.OwnedMatMul or CorrelationKind.OwnedConv2d;

    /// <summary>Bits D sends for one product: P Q n Σ_{i &lt; L} (64 − i).</summary>
    public static long ProductBits(int weights, int length, int bits) => (long)weights * length * ((64L * bits) - ((long)bits * (bits - 1) / 2));

    /// <summary>Sets up an owned operand: the random OTs with the owner choosing by its weights' bits.</summary>
    /// <exception cref="OwnedWeightOutOfRangeException">On the owner: a weight is out of range.</exception>
    /// <exception cref="ArgumentException">The shape or the weights are not as the contract says.</exception>
    public OwnedOperand SetUp(int owner, TensorShape shape, ReadOnlySpan<ulong> weights, int fractionalBits)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Guard.InRange(owner, 0, 1, nameof(owner));
        Guard.IsTrue(shape.Rank is 2 or 4, nameof(shape), "must be a matrix [k, n] or a kernel [O, C, KH, KW]");
        int bits = OwnedOperand.BitsFor(fractionalBits);
        bool isOwner = party == owner;
        Guard.LengthEquals(weights.Length, isOwner ? shape.Count : 0, nameof(weights));
        int rows = shape.Rank == 2 ? shape[1] : shape[0], inner = shape.Count / rows;
        int count = checked(bits * shape.Count);
        ulong[] zero = new ulong[2 * count], one = isOwner ? [] : new ulong[2 * count], choices = [];
        var batch = new CotBatch();
        if (isOwner)
        {
            try
            {
                OwnedOperand.CheckRange(weights, bits, fractionalBits);
            }
            catch (OwnedWeightOutOfRangeException error)
            {
                // The peer waits for this set-up: abort the session so that it fails at once instead of timing out.
                transport.Abort($"the model owner's weights do not fit an owned operand: {error.Message}");
                throw;
            }

            choices = new ulong[(count + 63) >> 6];
            for (int p = 0; p < rows; p++)
            {
                for (int q = 0; q < inner; q++)
                {
                    int o = (p * inner) + q;
                    ulong w = shape.Rank == 2 ? weights[(q * rows) + p] : weights[o];
                    for (int i = 0; i < bits; i++)
                    {
                        int ot = (i * shape.Count) + o;
                        choices[ot >> 6] |= ((w >> i) & 1) << (ot & 63);
                    }
                }
            }

            batch.Receiving.Add(new WideRandomOtReceiver(choices, count, zero));
        }
        else
        {
            batch.Sending.Add(new WideRandomOtSender(count, zero, one));
        }

        var operand = new OwnedOperand(_operands.Count, owner, shape, fractionalBits, isOwner ? weights.ToArray() : []);
        session.Run(batch, SetUpDigest(operand));
        _operands.Add(new OwnedKeys(operand, rows, inner, zero, one, choices));
        return operand;
    }

    /// <summary>Registers a product for the next <see cref="Exchange"/>; the result hands out the correlation after it.</summary>
    /// <exception cref="MpcProtocolException">The request names an operand this source did not set up, or of another shape.</exception>
    public Func<object> Plan(CorrelationRequest request)
    {
        var p = request.Parameters;
        bool matrix = request.Kind == CorrelationKind.OwnedMatMul;
        OwnedKeys keys = Recall(matrix ? p[3] : p[9]);
        bool isOwner = party == keys.Operand.Owner;
        ulong[] a = [], vectors = [];
        int length;
        Func<ulong[], ulong[]> arrange;
        if (matrix)
        {
            int m = p[0], k = p[1], n = p[2];
            Expect(keys, keys.Operand.Shape.Rank == 2 && k == keys.Inner && n == keys.Rows, request);
            length = m;
            if (!isOwner)
            {
                a = Fresh(m * k);
                vectors = RingMatMul.Transpose(a, m, k);
            }

            arrange = g => RingMatMul.Transpose(g, n, m);
        }
        else
        {
            Conv2dShape shape = request.ToConv2dShape();
            Expect(keys, keys.Operand.Shape.Equals(shape.KernelShape), request);
            int positions = shape.OutHeight * shape.OutWidth;
            length = shape.Batch * positions;
            if (!isOwner)
            {
                a = Fresh(shape.InputCount);
                vectors = Im2Col(shape, a);
            }

            arrange = g => Arrange(shape, g);
        }

        var job = new Job(keys, keys.Products++, length, vectors, new ulong[keys.Rows * length]);
        _jobs.Add(job);
        return () => new OwnedProductCorrelation(a, arrange(job.Output));
    }

    /// <summary>Streams the corrections of the products planned since the last call: D sends, O receives.</summary>
    /// <exception cref="PeerFailedException">The peer failed.</exception>
    /// <exception cref="MpcProtocolException">The peer's stream does not fit the products.</exception>
    public void Exchange()
    {
        if (_jobs.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var group in _jobs.GroupBy(job => job.Keys.Operand.Owner == party))
            {
                long bits = group.Sum(job => ProductBits(job.Keys.Count, job.Length, job.Keys.Operand.Bits));
                if (group.Key)
                {
                    var reader = new BitReader(bits, Receive);
                    foreach (var job in group)
                    {
                        Receive(job, reader);
                    }

                    reader.Complete();
                }
                else
                {
                    var writer = new BitWriter(bits, CorrectionTag, message => transport.Send(1 - party, message));
                    foreach (var job in group)
                    {
                        Send(job, writer);
                    }

                    writer.Complete();
                }
            }
        }
        finally
        {
            _jobs.Clear();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var keys in _operands)
        {
            keys.Clear();
        }

        _operands.Clear();
    }

    private byte[] Receive()
    {
        byte[] message = transport.Receive(1 - party);
        if (message.Length < 1 || message[0] != CorrectionTag)
        {
            throw new MpcProtocolException("The peer's owned-product correction message is malformed.");
        }

        return message;
    }

    /// <summary>D: for every bit plane and chunk of weights, corrections out and −2^i pad_0 into its share.</summary>
    private static void Send(Job job, BitWriter writer)
    {
        OwnedKeys keys = job.Keys;
        int count = keys.Count, n = job.Length, inner = keys.Inner, bits = keys.Operand.Bits;
        int chunk = Math.Clamp(ChunkElements / n, 1, count);
        ulong[] zero = new ulong[chunk * n], one = new ulong[chunk * n], scratch = new ulong[OwnedPads.ScratchWords(chunk, n)];
        for (int i = 0; i < bits; i++)
        {
            bool negative = i == bits - 1;
            for (int start = 0; start < count; start += chunk)
            {
                int take = Math.Min(chunk, count - start);
                int key = 2 * ((i * count) + start);
                OwnedPads.Fill(keys.Zero.AsSpan(key, 2 * take), job.Product, n, zero, scratch);
                OwnedPads.Fill(keys.One.AsSpan(key, 2 * take), job.Product, n, one, scratch);
                if (n < Vector256<ulong>.Count)
                {
                    SendShort(job, start, take, i, negative, zero, one);
                }
                else
                {
                    for (int j = 0; j < take; j++)
                    {
                        int o = start + j;
                        Span<ulong> pad = zero.AsSpan(j * n, n);
                        Correct(pad, one.AsSpan(j * n, n), job.Vectors.AsSpan((o % inner) * n, n), negative);
                        MatrixOle.ShiftAccumulate(job.Output.AsSpan((o / inner) * n, n), pad, i, subtract: true);
                    }
                }

                writer.Write(one.AsSpan(0, take * n), 64 - i);
            }
        }

        Array.Clear(zero);
        Array.Clear(one);
        Array.Clear(scratch);
    }

    /// <summary>O: for every bit plane and chunk, pad_b plus the correction where b = 1, 2^i of it into its share.</summary>
    private static void Receive(Job job, BitReader reader)
    {
        OwnedKeys keys = job.Keys;
        int count = keys.Count, n = job.Length, inner = keys.Inner, bits = keys.Operand.Bits;
        int chunk = Math.Clamp(ChunkElements / n, 1, count);
        ulong[] pads = new ulong[chunk * n], corrections = new ulong[chunk * n], scratch = new ulong[OwnedPads.ScratchWords(chunk, n)];
        for (int i = 0; i < bits; i++)
        {
            for (int start = 0; start < count; start += chunk)
            {
                int take = Math.Min(chunk, count - start);
                OwnedPads.Fill(keys.Zero.AsSpan(2 * ((i * count) + start), 2 * take), job.Product, n, pads, scratch);
                Span<ulong> received = corrections.AsSpan(0, take * n);
                received.Clear();
                reader.AddTo(received, 64 - i);
                if (n < Vector256<ulong>.Count)
                {
                    ReceiveShort(job, start, take, i, pads, corrections);
                    continue;
                }

                for (int j = 0; j < take; j++)
                {
                    int o = start + j, ot = (i * count) + o;
                    Span<ulong> pad = pads.AsSpan(j * n, n);
                    if (((keys.Choices[ot >> 6] >> (ot & 63)) & 1) != 0)
                    {
                        RingKernels.Add(pad, received.Slice(j * n, n), pad);
                    }

                    MatrixOle.ShiftAccumulate(job.Output.AsSpan((o / inner) * n, n), pad, i, subtract: false);
                }
            }
        }

        Array.Clear(pads);
        Array.Clear(scratch);
    }

    /// <summary>
    /// <see cref="Send"/>'s inner loop for vectors shorter than a SIMD register (a fully connected layer at a small
    /// batch): per element, without a call per OT.
    /// </summary>
    private static void SendShort(Job job, int start, int take, int bit, bool negative, ulong[] zero, ulong[] one)
    {
        int n = job.Length, inner = job.Keys.Inner;
        ulong[] vectors = job.Vectors, output = job.Output;
        for (int j = 0; j < take; j++)
        {
            int o = start + j, row = j * n, v = (o % inner) * n, target = (o / inner) * n;
            for (int e = 0; e < n; e++)
            {
                ulong pad = zero[row + e], difference = pad - one[row + e];
                one[row + e] = negative ? difference - vectors[v + e] : difference + vectors[v + e];
                output[target + e] -= pad << bit;
            }
        }
    }

    /// <summary>The receiving inner loop for short vectors: pad_b + b·corr, branch-free.</summary>
    private static void ReceiveShort(Job job, int start, int take, int bit, ulong[] pads, ulong[] corrections)
    {
        int n = job.Length, inner = job.Keys.Inner, count = job.Keys.Count;
        ulong[] choices = job.Keys.Choices, output = job.Output;
        for (int j = 0; j < take; j++)
        {
            int o = start + j, ot = (bit * count) + o, row = j * n, target = (o / inner) * n;
            ulong mask = 0UL - ((choices[ot >> 6] >> (ot & 63)) & 1);
            for (int e = 0; e < n; e++)
            {
                output[target + e] += (pads[row + e] + (corrections[row + e] & mask)) << bit;
            }
        }
    }

    /// <summary>one ← zero − one ± v: the correction of one OT, written over the pad_1 it no longer needs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Correct(ReadOnlySpan<ulong> zero, Span<ulong> one, ReadOnlySpan<ulong> v, bool negative)
    {
        int e = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; e + 4 <= one.Length; e += 4)
            {
                var difference = Vector256.Create(zero[e..]) - Vector256.Create<ulong>(one[e..]);
                var value = Vector256.Create(v[e..]);
                (negative ? difference - value : difference + value).CopyTo(one[e..]);
            }
        }

        for (; e < one.Length; e++)
        {
            ulong difference = zero[e] - one[e];
            one[e] = negative ? difference - v[e] : difference + v[e];
        }
    }

    private static void Expect(OwnedKeys keys, bool condition, CorrelationRequest request)
    {
        if (!condition)
        {
            throw new MpcProtocolException($"{request} does not fit owned operand {keys.Operand.Id} of shape {keys.Operand.Shape}.");
        }
    }

    private OwnedKeys Recall(int id)
    {
        if (id < 0 || id >= _operands.Count)
        {
            throw new MpcProtocolException($"A product asks for owned operand {id}, which this source did not set up.");
        }

        return _operands[id];
    }

    private ulong[] Fresh(int count)
    {
        var values = new ulong[count];
        random.Fill(values);
        return values;
    }

    /// <summary>im2col of every batch item side by side: (C KH KW) × (B OH OW).</summary>
    private static ulong[] Im2Col(Conv2dShape shape, ulong[] input)
    {
        int rows = shape.InChannels * shape.KernelHeight * shape.KernelWidth, positions = shape.OutHeight * shape.OutWidth;
        int columns = shape.Batch * positions, image = shape.InChannels * shape.Height * shape.Width;
        var result = new ulong[rows * columns];
        var single = new ulong[rows * positions];
        for (int item = 0; item < shape.Batch; item++)
        {
            RingConv2d.Im2Col(shape, input.AsSpan(item * image, image), single);
            for (int row = 0; row < rows; row++)
            {
                single.AsSpan(row * positions, positions).CopyTo(result.AsSpan((row * columns) + (item * positions), positions));
            }
        }

        return result;
    }

    /// <summary>O × (B OH OW) to the output layout [B, O, OH, OW].</summary>
    private static ulong[] Arrange(Conv2dShape shape, ulong[] product)
    {
        int positions = shape.OutHeight * shape.OutWidth, columns = shape.Batch * positions;
        var result = new ulong[shape.OutputCount];
        for (int item = 0; item < shape.Batch; item++)
        {
            for (int oc = 0; oc < shape.OutChannels; oc++)
            {
                product.AsSpan((oc * columns) + (item * positions), positions).CopyTo(result.AsSpan(((item * shape.OutChannels) + oc) * positions, positions));
            }
        }

        return result;
    }

    private static byte[] SetUpDigest(OwnedOperand operand)
    {
        var text = new StringBuilder("veil-owned-setup-v1");
        text.Append(';').Append(operand.Id).Append(';').Append(operand.Owner).Append(';').Append(operand.Bits).Append(';').Append(operand.FractionalBits).Append(';').Append(operand.Shape);
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>One planned product: its operand, number, vector length, D's vectors V (Q × n) and the share G (P × n).</summary>
    private sealed record Job(OwnedKeys Keys, long Product, int Length, ulong[] Vectors, ulong[] Output);
}
