namespace Veil.Mpc.Preprocessing;

/// <summary>How a component's shares combine into its value: by addition mod 2^64 or by XOR.</summary>
internal enum ShareDomain
{
    Arithmetic,
    Binary,
}

/// <summary>
/// Builds correlated randomness component by component, so that each correlation is defined once
/// (<see cref="Correlations"/>) and run both by the dealer and by every party.
/// A <em>random</em> component is expanded by every party from the seed it shares with the dealer; its value is the
/// sum (or XOR) of all parties' expansions, which only the dealer computes. A <em>derived</em> component has a value
/// the dealer computes from random ones: parties 1 .. n-1 still expand their shares from their seeds, and party 0
/// receives its share explicitly from the dealer as a correction. That correction is all the dealer sends.
/// </summary>
internal abstract class CorrelationBuilder
{
    /// <summary>True for the dealer, whose "shares" are the components' values.</summary>
    public abstract bool IsDealer { get; }

    /// <summary>A random component of <paramref name="count"/> words: this party's share, or (dealer) its value.</summary>
    public abstract ulong[] Random(int count, ShareDomain domain);

    /// <summary>
    /// A derived component of <paramref name="count"/> words with the value <paramref name="value"/> (evaluated by the
    /// dealer only): this party's share, or (dealer) the value.
    /// </summary>
    public abstract ulong[] Derived(int count, ShareDomain domain, Func<ulong[]> value);

    /// <summary>Remembers a fixed mask's value (dealer); the next mask gets the next number.</summary>
    public virtual void RememberMask(ulong[] value)
    {
    }

    /// <summary>The value of fixed mask <paramref name="id"/> (dealer only; parties hold their shares themselves).</summary>
    public virtual ulong[] RecallMask(int id, int count) => throw new InvalidOperationException("Only the dealer holds masks' values.");
}

/// <summary>One party's side: expands its seed, and (party 0) reads the dealer's corrections in order.</summary>
internal sealed class PartyCorrelationBuilder : CorrelationBuilder
{
    private readonly Veil.Random.IRandomSource _seeded;
    private readonly byte[] _corrections;
    private readonly bool _receivesCorrections;
    private int _position;

    /// <summary>Creates the builder; <paramref name="corrections"/> is the dealer's message (little-endian words), read in place.</summary>
    public PartyCorrelationBuilder(Veil.Random.IRandomSource seeded, bool receivesCorrections, byte[] corrections)
    {
        _seeded = seeded;
        _receivesCorrections = receivesCorrections;
        _corrections = corrections;
    }

    private int CorrectionWords => _corrections.Length / sizeof(ulong);

    public override bool IsDealer => false;

    public override ulong[] Random(int count, ShareDomain domain)
    {
        var share = new ulong[count];
        _seeded.Fill(share);
        return share;
    }

    public override ulong[] Derived(int count, ShareDomain domain, Func<ulong[]> value)
    {
        if (!_receivesCorrections)
        {
            return Random(count, domain);
        }

        if (CorrectionWords - _position < count)
        {
            throw new MpcProtocolException($"The dealer sent {CorrectionWords} correction words; the request needs more.");
        }

        ulong[] share = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(_corrections.AsSpan(_position * sizeof(ulong), count * sizeof(ulong))).ToArray();
        _position += count;
        return share;
    }

    /// <summary>Checks that the dealer sent exactly the corrections the request needs.</summary>
    public void EnsureAllConsumed()
    {
        if (_position != CorrectionWords || _corrections.Length % sizeof(ulong) != 0)
        {
            throw new MpcProtocolException($"The dealer sent {_corrections.Length} bytes of corrections; the request needs {_position} words.");
        }
    }
}

/// <summary>The dealer's side: expands every party's seed, and writes party 0's corrections.</summary>
internal sealed class DealerCorrelationBuilder : CorrelationBuilder
{
    private readonly Veil.Random.IRandomSource[] _parties;
    private readonly List<ulong[]> _masks;
    private readonly List<ulong[]> _corrections = [];

    public DealerCorrelationBuilder(Veil.Random.IRandomSource[] parties, List<ulong[]> masks)
    {
        _parties = parties;
        _masks = masks;
    }

    public override bool IsDealer => true;

    /// <summary>The corrections for party 0, in order.</summary>
    public IReadOnlyList<ulong[]> Corrections => _corrections;

    public override ulong[] Random(int count, ShareDomain domain)
    {
        var value = new ulong[count];
        var share = new ulong[count];
        foreach (var party in _parties)
        {
            party.Fill(share);
            Combine(value, share, domain);
        }

        return value;
    }

    public override ulong[] Derived(int count, ShareDomain domain, Func<ulong[]> value)
    {
        var others = new ulong[count];
        var share = new ulong[count];
        for (int party = 1; party < _parties.Length; party++)
        {
            _parties[party].Fill(share);
            Combine(others, share, domain);
        }

        // Party 0's share: the value minus (or XOR) the other parties' seeded shares.
        ulong[] derived = value();
        Guard.LengthEquals(derived.Length, count, nameof(value));
        if (domain == ShareDomain.Arithmetic)
        {
            Kernels.RingKernels.Subtract(derived, others, others);
        }
        else
        {
            Kernels.RingKernels.Xor(derived, others, others);
        }

        _corrections.Add(others);
        return derived;
    }

    public override void RememberMask(ulong[] value) => _masks.Add(value);

    public override ulong[] RecallMask(int id, int count)
    {
        if (id >= _masks.Count || _masks[id].Length != count)
        {
            throw new MpcProtocolException($"Party 0 asked for a product with fixed mask {id} of {count} elements, which the dealer did not make.");
        }

        return _masks[id];
    }

    private static void Combine(Span<ulong> accumulator, ReadOnlySpan<ulong> share, ShareDomain domain)
    {
        if (domain == ShareDomain.Arithmetic)
        {
            Kernels.RingKernels.Add(accumulator, share, accumulator);
        }
        else
        {
            Kernels.RingKernels.Xor(accumulator, share, accumulator);
        }
    }
}
