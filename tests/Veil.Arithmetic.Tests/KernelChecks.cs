using System.Numerics;

namespace Veil.Arithmetic.Tests;

/// <summary>
/// Checks of the hot kernels against <see cref="Reference"/>. They run in the test process (whatever vector width the
/// machine has) and again in child processes with hardware intrinsics switched off (<see cref="Program"/>), so the
/// 256-bit and scalar paths are exercised too. Each throws on the first mismatch, naming it.
/// </summary>
internal static class KernelChecks
{
    public static readonly (string Name, Action Check)[] All =
    [
        ("modular-kernels", () => ModularKernelsMatchReference(96)),
        ("ntt-known-answers", NttMatchesNaiveEvaluation),
        ("ntt-round-trips", NttRoundTrips),
        ("ntt-convolution", NttMultipliesNegacyclically),
        ("base-conversion", BaseConversionMatchesCrt),
    ];

    /// <summary>Every kernel, every length up to <paramref name="maxLength"/>, every test modulus, against the reference.</summary>
    public static void ModularKernelsMatchReference(int maxLength)
    {
        var random = new System.Random(7);
        Modulus[] moduli = TestModuli.For(4).ToArray();
        foreach (Modulus m in moduli)
        {
            ulong q = m.Value;
            for (int length = 0; length <= maxLength; length++)
            {
                ulong[] x = Reference.RandomResidues(random, length, q), y = Reference.RandomResidues(random, length, q);
                ulong[] z = Reference.RandomResidues(random, length, q);
                EdgeValues(x, y, q);
                ulong c = (ulong)random.NextInt64((long)Math.Min(q, long.MaxValue));
                ShoupMultiplier w = m.Shoup(c);
                var d = new ulong[length];

                ModularKernels.Add(x, y, d, m);
                Expect(d, i => (ulong)(((UInt128)x[i] + y[i]) % q), "Add", m, length);
                ModularKernels.Subtract(x, y, d, m);
                Expect(d, i => (ulong)(((UInt128)x[i] + q - y[i]) % q), "Subtract", m, length);
                ModularKernels.Negate(x, d, m);
                Expect(d, i => (q - x[i]) % q, "Negate", m, length);
                ModularKernels.AddConstant(x, c, d, m);
                Expect(d, i => (ulong)(((UInt128)x[i] + c) % q), "AddConstant", m, length);
                ModularKernels.Multiply(x, y, d, m);
                Expect(d, i => Reference.Mul(x[i], y[i], q), "Multiply", m, length);
                z.CopyTo(d, 0);
                ModularKernels.MultiplyAdd(x, y, d, m);
                Expect(d, i => (ulong)(((UInt128)Reference.Mul(x[i], y[i], q) + z[i]) % q), "MultiplyAdd", m, length);
                ModularKernels.MultiplyConstant(x, w, d, m);
                Expect(d, i => Reference.Mul(x[i], c, q), "MultiplyConstant", m, length);
                z.CopyTo(d, 0);
                ModularKernels.MultiplyConstantAdd(x, w, d, m);
                Expect(d, i => (ulong)(((UInt128)Reference.Mul(x[i], c, q) + z[i]) % q), "MultiplyConstantAdd", m, length);

                ModularKernels.SubtractMultiplyConstant(x, y, w, d, m);
                Expect(d, i => Reference.Mul((x[i] + q - y[i]) % q, c, q), "SubtractMultiplyConstant", m, length);
                var d1 = new ulong[length];
                foreach (bool accumulate in new[] { true, false })
                {
                    z.CopyTo(d, 0);
                    y.CopyTo(d1, 0);
                    ModularKernels.MultiplyAddPair(x, y, z, d, d1, m, accumulate);
                    Expect(d, i => (ulong)(((UInt128)Reference.Mul(x[i], y[i], q) + (accumulate ? z[i] : 0)) % q), "MultiplyAddPair 0", m, length);
                    Expect(d1, i => (ulong)(((UInt128)Reference.Mul(x[i], z[i], q) + (accumulate ? y[i] : 0)) % q), "MultiplyAddPair 1", m, length);
                }

                foreach (Modulus target in moduli)
                {
                    // The centered representative of x mod q, reduced mod the target.
                    ModularKernels.LiftCentered(x, m, d, target);
                    ulong t = target.Value;
                    Expect(d, i => x[i] <= q / 2 ? x[i] % t : (t - ((q - x[i]) % t)) % t, $"LiftCentered to {t}", m, length);
                }

                // In place: the destination is the first input.
                ulong[] inPlace = (ulong[])x.Clone();
                ModularKernels.Multiply(inPlace, y, inPlace, m);
                Expect(inPlace, i => Reference.Mul(x[i], y[i], q), "Multiply in place", m, length);

                // Inputs below 2^52 that are not residues (e.g. residues of a larger modulus).
                ulong[] wide = Enumerable.Range(0, length).Select(_ => (ulong)random.NextInt64(1L << 52)).ToArray();
                ModularKernels.ReduceFrom52Bits(wide, d, m);
                Expect(d, i => wide[i] % q, "ReduceFrom52Bits", m, length);
                ModularKernels.MultiplyConstant(wide, w, d, m);
                Expect(d, i => Reference.Mul(wide[i] % q, c, q), "MultiplyConstant (52-bit input)", m, length);
            }
        }
    }

    /// <summary>Forward transforms against direct evaluation at ψ^(2·bitrev(k)+1), computed with BigInteger.</summary>
    public static void NttMatchesNaiveEvaluation()
    {
        var random = new System.Random(11);
        foreach (int logN in new[] { 4, 5, 6, 8 })
        {
            foreach (Modulus m in TestModuli.For(logN))
            {
                var tables = new NttTables(m, logN);
                ulong[] a = Reference.RandomResidues(random, 1 << logN, m.Value);
                ulong[] expected = Reference.NaiveNtt(a, tables.Root, m.Value, logN);
                ulong[] actual = (ulong[])a.Clone();
                Ntt.Forward(actual, tables);
                Expect(actual, i => expected[i], "Ntt.Forward", m, a.Length);

                ulong[] lazy = (ulong[])a.Clone();
                Ntt.ForwardLazy(lazy, tables);
                Check(lazy.All(v => v < 4 * m.Value), $"ForwardLazy output below 4q (q = {m})");
                Expect(lazy, i => expected[i], "Ntt.ForwardLazy mod q", m, a.Length, reduce: true);

                Ntt.Inverse(actual, tables);
                Expect(actual, i => a[i], "Ntt.Inverse", m, a.Length);
            }
        }
    }

    /// <summary>Inverse(Forward(a)) = a at the sizes CKKS uses, including lazy ranges on both sides.</summary>
    public static void NttRoundTrips()
    {
        var random = new System.Random(13);
        foreach (int logN in new[] { 10, 12, 13 })
        {
            foreach (Modulus m in TestModuli.For(logN))
            {
                var tables = new NttTables(m, logN);
                // Inputs anywhere in [0, 4q) are accepted by the forward transform.
                ulong[] a = Reference.RandomResidues(random, 1 << logN, m.Value);
                ulong[] b = a.Select((v, i) => v + ((ulong)(i % 4) * m.Value)).ToArray();
                Ntt.ForwardLazy(b, tables);
                for (int i = 0; i < b.Length; i++)
                {
                    // Forward lazy output lies in [0, 4q); the inverse accepts [0, 2q).
                    b[i] %= 2 * m.Value;
                }

                Ntt.InverseLazy(b, tables);
                Check(b.All(v => v < 2 * m.Value), $"InverseLazy output below 2q (q = {m}, N = 2^{logN})");
                Expect(b, i => a[i], "forward then inverse", m, a.Length, reduce: true);
            }
        }
    }

    /// <summary>Pointwise products of transforms give the negacyclic product.</summary>
    public static void NttMultipliesNegacyclically()
    {
        var random = new System.Random(17);
        foreach (int logN in new[] { 5, 7, 9 })
        {
            foreach (Modulus m in TestModuli.For(logN))
            {
                var tables = new NttTables(m, logN);
                int n = 1 << logN;
                ulong[] a = Reference.RandomResidues(random, n, m.Value), b = Reference.RandomResidues(random, n, m.Value);
                ulong[] expected = Reference.NegacyclicProduct(a, b, m.Value);
                ulong[] fa = (ulong[])a.Clone(), fb = (ulong[])b.Clone();
                Ntt.Forward(fa, tables);
                Ntt.Forward(fb, tables);
                ModularKernels.Multiply(fa, fb, fa, m);
                Ntt.Inverse(fa, tables);
                Expect(fa, i => expected[i], "NTT product", m, n);
            }
        }
    }

    /// <summary>Fast base conversion returns x + u·A with 0 ≤ u &lt; |A|, checked by CRT with BigInteger.</summary>
    public static void BaseConversionMatchesCrt()
    {
        var random = new System.Random(19);
        const int logN = 6, n = 1 << logN;
        foreach (int[] sourceBits in new[] { new[] { 43, 44 }, new[] { 49 }, new[] { 55, 30, 61 } })
        {
            ulong[] primes = Primes.GenerateNttPrimes(logN, [.. sourceBits, 44, 50, 36, 61]);
            Modulus[] source = primes.Take(sourceBits.Length).Select(p => new Modulus(p)).ToArray();
            Modulus[] target = primes.Skip(sourceBits.Length).Select(p => new Modulus(p)).ToArray();
            var converter = new BaseConverter(source, target);
            BigInteger a = source.Aggregate(BigInteger.One, (p, s) => p * s.Value);
            var x = new ulong[source.Length * n];
            var values = new BigInteger[n];
            for (int k = 0; k < n; k++)
            {
                values[k] = new BigInteger(random.NextInt64()) * random.NextInt64() * random.NextInt64() % a;
                if (values[k].Sign < 0)
                {
                    values[k] += a;
                }

                for (int i = 0; i < source.Length; i++)
                {
                    x[(i * n) + k] = (ulong)(values[k] % source[i].Value);
                }
            }

            var y = new ulong[x.Length];
            converter.Prepare(x, y);
            var row = new ulong[n];
            var scratch = new ulong[n];
            for (int j = 0; j < target.Length; j++)
            {
                converter.Accumulate(y, j, row, scratch);
                for (int k = 0; k < n; k++)
                {
                    bool found = false;
                    for (int u = 0; u < source.Length && !found; u++)
                    {
                        found = row[k] == (ulong)((values[k] + (u * a)) % target[j].Value);
                    }

                    Check(found, $"base conversion to {target[j]} at {k}: {row[k]} is not x + uA for any u < {source.Length}");
                }
            }
        }
    }

    private static void EdgeValues(ulong[] x, ulong[] y, ulong q)
    {
        if (x.Length > 2)
        {
            x[0] = 0;
            x[1] = q - 1;
            y[1] = q - 1;
            y[2] = 0;
        }
    }

    private static void Expect(ulong[] actual, Func<int, ulong> expected, string what, Modulus m, int length, bool reduce = false)
    {
        for (int i = 0; i < actual.Length; i++)
        {
            ulong value = reduce ? actual[i] % m.Value : actual[i];
            if (value != expected(i))
            {
                throw new InvalidOperationException($"{what} differs at {i} of {length} for q = {m}: got {actual[i]}, expected {expected(i)}.");
            }
        }
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Check failed: " + what);
        }
    }
}
