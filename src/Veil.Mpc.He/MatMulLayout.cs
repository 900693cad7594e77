namespace Veil.Mpc.He;

/// <summary>
/// Cheetah's coefficient encoding of a matrix product L (m x k) · R (k x n) over blocks of m_w x k_w x n_w with
/// m_w·k_w·n_w ≤ N: a block of R becomes r(X) = Σ R[l, j]·X^(j·k_w + k_w − 1 − l), a block of L becomes
/// l(X) = Σ L[i, l]·X^(i·k_w·n_w + l), and coefficient i·k_w·n_w + j·k_w + k_w − 1 of l(X)·r(X) mod X^N + 1 is
/// Σ_l L[i, l]·R[l, j]: every other product lands elsewhere, and the wrapped ones below k_w − 1.
/// </summary>
/// <remarks>
/// The right operand is the encrypted one: kb·nb ciphertexts go up, mb·kb·nb plaintext products are summed into mb·nb
/// replies. The block sizes minimize an estimate of bytes plus computation; both parties compute the same layout.
/// Thread-safety: immutable.
/// </remarks>
internal sealed record MatMulLayout(int M, int K, int N, int Mw, int Kw, int Nw)
{
    /// <summary>The estimate <see cref="Choose"/> minimized (comparable between layouts of one ring and weight).</summary>
    public double Cost { get; private init; }

    public int Mb => (M + Mw - 1) / Mw;

    public int Kb => (K + Kw - 1) / Kw;

    public int Nb => (N + Nw - 1) / Nw;

    /// <summary>Plaintext coefficients that meet one noise coefficient, over the whole sum: kb·m_w·k_w.</summary>
    public long NoiseTerms => (long)Kb * Mw * Kw;

    /// <summary>Chooses the block sizes for an m x k x n product in <paramref name="ring"/>; <paramref name="uploadWeight"/> is how
    /// much an uploaded byte counts against a reply byte (below 1 for fixed masks, whose upload is amortized).</summary>
    /// <param name="ring">The ring.</param><param name="m">Rows of L.</param><param name="k">Columns of L.</param><param name="n">Columns of R.</param>
    /// <param name="uploadWeight">How much an uploaded byte counts against a reply byte (below 1 for fixed masks, whose upload is amortized).</param>
    /// <exception cref="ArgumentException">No layout keeps the noise within budget (k too large).</exception>
    /// <param name="maxUploads">The most ciphertexts the right operand may take.</param>
    public static MatMulLayout Choose(HeRing ring, int m, int k, int n, double uploadWeight, int maxUploads = int.MaxValue)
    {
        int ringN = ring.N;
        double upload = HeCiphertext.FreshBytes(ring);
        double replyBase = HeCiphertext.ReplyBytes(ring, 0);
        double perPosition = ring.Reply.C0Bits / 8.0;
        double ntt = 2500.0 * ring.Levels; // a row NTT costs about as long as sending 2.5 KB on a fast LAN
        MatMulLayout? best = null;
        double bestCost = double.MaxValue;
        for (int kw = 1; kw <= Math.Min(k, ringN); kw++)
        {
            for (int nw = 1; nw <= Math.Min(n, ringN / kw); nw++)
            {
                int mw = Math.Min(m, ringN / (kw * nw));
                var layout = new MatMulLayout(m, k, n, mw, kw, nw);
                if (layout.NoiseTerms > (long)HeTripleOptions.LayoutFactor * ringN || (long)layout.Kb * layout.Nb > maxUploads)
                {
                    continue;
                }

                double uploads = (double)layout.Kb * layout.Nb, replies = (double)layout.Mb * layout.Nb;
                double cost = (uploadWeight * uploads * (upload + ntt)) + (replies * (replyBase + (mw * nw * perPosition) + (4 * ntt)))
                    + ((double)layout.Mb * layout.Kb * ntt) + ((double)layout.Mb * layout.Kb * layout.Nb * ntt / 4);
                if (cost < bestCost)
                {
                    bestCost = cost;
                    best = layout with { Cost = cost };
                }
            }
        }

        return best ?? throw new ArgumentException($"A {m} x {k} x {n} product is too large for one reply's noise budget or the fixed-mask ciphertext limit.");
    }

    /// <summary>The layout with the given k_w and n_w (as a fixed mask was uploaded with) and as many rows per block as fit, or null if over the noise budget.</summary>
    public static MatMulLayout? WithRightBlocks(HeRing ring, int m, int k, int n, int kw, int nw)
    {
        var layout = new MatMulLayout(m, k, n, Math.Max(1, Math.Min(m, ring.N / (kw * nw))), kw, nw);
        return layout.NoiseTerms <= (long)HeTripleOptions.LayoutFactor * ring.N ? layout : null;
    }

    /// <summary>Writes the encoding of R's block (kBlock, nBlock) into <paramref name="poly"/> (length N, cleared first).</summary>
    public void EncodeRight(ReadOnlySpan<ulong> right, int kBlock, int nBlock, Span<ulong> poly)
    {
        poly.Clear();
        int k0 = kBlock * Kw, n0 = nBlock * Nw;
        int kc = Math.Min(Kw, K - k0), nc = Math.Min(Nw, N - n0);
        for (int l = 0; l < kc; l++)
        {
            ReadOnlySpan<ulong> row = right.Slice(((k0 + l) * N) + n0, nc);
            for (int j = 0; j < nc; j++)
            {
                poly[(j * Kw) + Kw - 1 - l] = row[j];
            }
        }
    }

    /// <summary>Writes the encoding of L's block (mBlock, kBlock) into <paramref name="poly"/> (length N, cleared first).</summary>
    public void EncodeLeft(ReadOnlySpan<ulong> left, int mBlock, int kBlock, Span<ulong> poly)
    {
        poly.Clear();
        int m0 = mBlock * Mw, k0 = kBlock * Kw;
        int mc = Math.Min(Mw, M - m0), kc = Math.Min(Kw, K - k0);
        for (int i = 0; i < mc; i++)
        {
            left.Slice(((m0 + i) * K) + k0, kc).CopyTo(poly.Slice(i * Kw * Nw, kc));
        }
    }

    /// <summary>The coefficient positions of reply (mBlock, nBlock) and the output indices (row-major in m x n) they hold.</summary>
    public (int[] Positions, int[] Outputs) Outputs(int mBlock, int nBlock)
    {
        int m0 = mBlock * Mw, n0 = nBlock * Nw;
        int mc = Math.Min(Mw, M - m0), nc = Math.Min(Nw, N - n0);
        var positions = new int[mc * nc];
        var outputs = new int[mc * nc];
        for (int i = 0, p = 0; i < mc; i++)
        {
            for (int j = 0; j < nc; j++, p++)
            {
                positions[p] = (i * Kw * Nw) + (j * Kw) + Kw - 1;
                outputs[p] = ((m0 + i) * N) + n0 + j;
            }
        }

        return (positions, outputs);
    }
}
