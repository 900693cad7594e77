using System.Numerics;

namespace Veil.Arithmetic.Tests;

/// <summary>Slow, obviously correct modular arithmetic to check the kernels against.</summary>
internal static class Reference
{
    public static ulong Mul(ulong a, ulong b, ulong q) => (ulong)((UInt128)a * b % q);

    public static ulong Pow(ulong a, ulong e, ulong q)
    {
        ulong r = 1 % q;
        a %= q;
        while (e != 0)
        {
            if ((e & 1) != 0)
            {
                r = Mul(r, a, q);
            }

            a = Mul(a, a, q);
            e >>= 1;
        }

        return r;
    }

    /// <summary>Evaluates the polynomial at ψ^(2·bitrev(k)+1) for every k: the forward negacyclic NTT by definition, O(N²).</summary>
    public static ulong[] NaiveNtt(ulong[] coefficients, ulong psi, ulong q, int logN)
    {
        int n = coefficients.Length;
        var result = new ulong[n];
        for (int k = 0; k < n; k++)
        {
            ulong point = Pow(psi, (ulong)(2 * NttTables.BitReverse(k, logN) + 1), q);
            BigInteger sum = 0, power = 1;
            for (int j = 0; j < n; j++)
            {
                sum += power * coefficients[j];
                power = power * point % q;
            }

            result[k] = (ulong)(sum % q);
        }

        return result;
    }

    /// <summary>The product in Z_q[X]/(X^N + 1), O(N²).</summary>
    public static ulong[] NegacyclicProduct(ulong[] a, ulong[] b, ulong q)
    {
        int n = a.Length;
        var acc = new BigInteger[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                BigInteger p = (BigInteger)a[i] * b[j];
                if (i + j < n)
                {
                    acc[i + j] += p;
                }
                else
                {
                    acc[i + j - n] -= p;
                }
            }
        }

        return acc.Select(v => (ulong)(((v % q) + q) % q)).ToArray();
    }

    public static ulong[] RandomResidues(System.Random random, int count, ulong q)
    {
        var result = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = (ulong)random.NextInt64((long)Math.Min(q, long.MaxValue));
        }

        return result;
    }
}
