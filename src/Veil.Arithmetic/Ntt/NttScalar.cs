using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Veil.Arithmetic;

/// <summary>The scalar NTT: Harvey's butterflies with 64-bit Shoup products; any q below 2^61.</summary>
internal static class NttScalar
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<ulong> values, NttTables tables, bool lazy)
    {
        ulong q = tables.Modulus.Value, twoQ = 2 * q;
        int n = tables.N;
        ref ulong a = ref MemoryMarshal.GetReference(values);
        ref ulong roots = ref MemoryMarshal.GetArrayDataReference(tables.Roots);
        ref ulong quotients = ref MemoryMarshal.GetArrayDataReference(tables.RootQuotients);
        for (int m = 1, t = n >> 1; m < n; m <<= 1, t >>= 1)
        {
            for (int i = 0; i < m; i++)
            {
                ulong w = Unsafe.Add(ref roots, m + i), wq = Unsafe.Add(ref quotients, m + i);
                ref ulong x = ref Unsafe.Add(ref a, 2 * i * t);
                for (int j = 0; j < t; j++)
                {
                    // In: X, Y in [0, 4q). X is brought to [0, 2q); W·Y lands in [0, 2q); out: X+WY, X−WY+2q in [0, 4q).
                    ulong u = Unsafe.Add(ref x, j);
                    u = u >= twoQ ? u - twoQ : u;
                    ulong y = Unsafe.Add(ref x, j + t);
                    ulong v = (y * w) - (Math.BigMul(y, wq, out _) * q);
                    Unsafe.Add(ref x, j) = u + v;
                    Unsafe.Add(ref x, j + t) = u - v + twoQ;
                }
            }
        }

        if (!lazy)
        {
            for (int i = 0; i < n; i++)
            {
                ulong u = Unsafe.Add(ref a, i);
                u = u >= twoQ ? u - twoQ : u;
                Unsafe.Add(ref a, i) = u >= q ? u - q : u;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Inverse(Span<ulong> values, NttTables tables, bool lazy)
    {
        ulong q = tables.Modulus.Value, twoQ = 2 * q;
        int n = tables.N;
        ref ulong a = ref MemoryMarshal.GetReference(values);
        ref ulong roots = ref MemoryMarshal.GetArrayDataReference(tables.InverseRoots);
        ref ulong quotients = ref MemoryMarshal.GetArrayDataReference(tables.InverseRootQuotients);
        int t = 1;
        for (int m = n >> 1; m > 1; m >>= 1, t <<= 1)
        {
            for (int i = 0; i < m; i++)
            {
                ulong w = Unsafe.Add(ref roots, m + i), wq = Unsafe.Add(ref quotients, m + i);
                ref ulong x = ref Unsafe.Add(ref a, 2 * i * t);
                for (int j = 0; j < t; j++)
                {
                    // In: X, Y in [0, 2q). Out: X+Y reduced to [0, 2q); (X−Y+2q)·W in [0, 2q).
                    ulong u = Unsafe.Add(ref x, j), v = Unsafe.Add(ref x, j + t);
                    ulong s = u + v;
                    Unsafe.Add(ref x, j) = s >= twoQ ? s - twoQ : s;
                    ulong d = u - v + twoQ;
                    Unsafe.Add(ref x, j + t) = (d * w) - (Math.BigMul(d, wq, out _) * q);
                }
            }
        }

        // Last stage (m = 1, t = N/2) with 1/N folded into both outputs.
        ShoupMultiplier nInverse = tables.NInverse, last = tables.LastInverseRoot;
        for (int j = 0; j < t; j++)
        {
            ulong u = Unsafe.Add(ref a, j), v = Unsafe.Add(ref a, j + t);
            ulong s = nInverse.MultiplyLazy(u + v, q);
            ulong d = last.MultiplyLazy(u - v + twoQ, q);
            if (!lazy)
            {
                s = s >= q ? s - q : s;
                d = d >= q ? d - q : d;
            }

            Unsafe.Add(ref a, j) = s;
            Unsafe.Add(ref a, j + t) = d;
        }
    }
}
