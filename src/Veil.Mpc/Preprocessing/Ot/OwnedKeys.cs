namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// One owned operand's random OTs, made once at set-up: L per weight, choice bit i of the weight's L-bit two's
/// complement, in the layout of the left factor Wt (P × Q: a matrix W [k, n] as Wᵀ, a kernel as [O, C KH KW]),
/// bit-plane major (OT i P Q + o for bit i of Wt[o]). The non-owner keeps both 128-bit keys of every OT, the owner
/// the chosen one and its choice bits. <see cref="Products"/> numbers the products, which keeps their pads apart.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class OwnedKeys(OwnedOperand operand, int rows, int inner, ulong[] zero, ulong[] one, ulong[] choices)
{
    /// <summary>The operand.</summary>
    public OwnedOperand Operand { get; } = operand;

    /// <summary>P: rows of Wt (output features or channels).</summary>
    public int Rows { get; } = rows;

    /// <summary>Q: columns of Wt (input features, or C KH KW).</summary>
    public int Inner { get; } = inner;

    /// <summary>P Q weights.</summary>
    public int Count => Rows * Inner;

    /// <summary>Non-owner: k0 of every OT (two words each). Owner: k_b.</summary>
    public ulong[] Zero { get; } = zero;

    /// <summary>Non-owner: k1 of every OT. Owner: empty.</summary>
    public ulong[] One { get; } = one;

    /// <summary>Owner: the choice bits, one per OT. Non-owner: empty.</summary>
    public ulong[] Choices { get; } = choices;

    /// <summary>The number of the next product.</summary>
    public long Products { get; set; }

    /// <summary>Clears the keys.</summary>
    public void Clear()
    {
        Array.Clear(Zero);
        Array.Clear(One);
        Array.Clear(Choices);
    }
}
