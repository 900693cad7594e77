namespace Veil.Mpc.Preprocessing;

/// <summary>The kinds of correlated randomness the protocols consume.</summary>
public enum CorrelationKind : byte
{
    /// <summary>An elementwise Beaver triple (a, b, a*b).</summary>
    Multiplication = 1,

    /// <summary>A square pair (a, a^2).</summary>
    Square = 2,

    /// <summary>A matrix Beaver triple (A, B, A*B).</summary>
    MatMul = 3,

    /// <summary>A convolution Beaver triple (A, B, conv(A, B)).</summary>
    Conv2d = 4,

    /// <summary>A bit-packed AND triple (a, b, a AND b).</summary>
    And = 5,

    /// <summary>A truncation pair (r, r >> s, msb(r)).</summary>
    Truncation = 6,

    /// <summary>A comparison mask: r, its bits, and the AND triples of the comparison circuit.</summary>
    Comparison = 7,

    /// <summary>A selection mask: a random bit t in both sharings, and Beaver masks a with a*t.</summary>
    Selection = 8,

    /// <summary>A fixed Beaver mask B for an operand used in many products (model weights).</summary>
    Mask = 9,

    /// <summary>A matrix triple (A, B, A*B) whose B is a fixed mask made earlier.</summary>
    MatMulWithMask = 10,

    /// <summary>A convolution triple (A, B, conv(A, B)) whose kernel mask B is a fixed mask made earlier.</summary>
    Conv2dWithMask = 11,

    /// <summary>A linear layer's training triple: A, B, D with A B, Aᵀ D and optionally D Bᵀ (<see cref="LinearTrainingTriple"/>).</summary>
    LinearTraining = 12,

    /// <summary>A radix-4 comparison mask: r, its bits, and the shared mask products of the three-level circuit.</summary>
    WideComparison = 13,

    /// <summary>
    /// A fixed mask B for an operand one party knows in the clear (the model owner's weights): that party holds all of
    /// B and every other party a zero share, so products with it need fewer cross terms.
    /// </summary>
    OwnedMask = 14,

    /// <summary>
    /// A product with an operand the model owner holds in the clear (<see cref="OwnedOperand"/>): the other party's
    /// mask A (m x k) and shares of A W for the owned W (k x n).
    /// </summary>
    OwnedMatMul = 20,

    /// <summary>A convolution with an owned kernel: the other party's input mask A and shares of conv(A, W).</summary>
    OwnedConv2d = 21,
}
