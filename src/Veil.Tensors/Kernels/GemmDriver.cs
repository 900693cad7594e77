using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TP = System.Numerics.Tensors.TensorPrimitives;
using static Veil.Tensors.Kernels.GemmBlocking;

namespace Veil.Tensors.Kernels;

/// <summary>Splits a product between cores and runs the blocked loops of <see cref="Gemm"/>.</summary>
internal static unsafe class GemmDriver
{
    private const int SmallRows = 4;

    public static void Run(in GemmProblem problem, bool parallel)
    {
        if (problem.K == 0)
        {
            if (!problem.Accumulate)
            {
                for (int i = 0; i < problem.M; i++)
                {
                    new Span<float>(problem.C + ((long)i * problem.Ldc), problem.N).Clear();
                }
            }

            return;
        }

        if (problem.M < SmallRows)
        {
            RunSmallRows(problem);
            return;
        }

        long work = (long)problem.M * problem.N * problem.K;
        int threads = parallel && work >= Gemm.ParallelThreshold ? Environment.ProcessorCount : 1;
        bool splitColumns = problem.N >= problem.M;
        int unit = splitColumns ? Nr : Mr;
        int extent = splitColumns ? problem.N : problem.M;
        threads = Math.Min(threads, (extent + unit - 1) / unit);
        if (threads <= 1)
        {
            RunBlocked(problem);
            return;
        }

        int chunk = (((extent + threads - 1) / threads) + unit - 1) / unit * unit;
        GemmProblem whole = problem;
        Parallel.For(0, threads, t =>
        {
            int start = t * chunk;
            int size = Math.Min(chunk, extent - start);
            if (size > 0)
            {
                RunBlocked(splitColumns ? whole.Block(0, whole.M, start, size) : whole.Block(start, size, 0, whole.N));
            }
        });
    }

    /// <summary>Goto's five loops around the micro-kernel, on one thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunBlocked(GemmProblem problem)
    {
        float* packA = PackBuffers.A;
        float* packB = PackBuffers.B;
        for (int jc = 0; jc < problem.N; jc += Nc)
        {
            int nc = Math.Min(Nc, problem.N - jc);
            for (int pc = 0; pc < problem.K; pc += Kc)
            {
                int kc = Math.Min(Kc, problem.K - pc);
                bool accumulate = problem.Accumulate || pc > 0;
                GemmPacking.PackB(problem, pc, kc, jc, nc, packB);
                for (int ic = 0; ic < problem.M; ic += Mc)
                {
                    int mc = Math.Min(Mc, problem.M - ic);
                    GemmPacking.PackA(problem, ic, mc, pc, kc, packA);
                    for (int jr = 0; jr < nc; jr += Nr)
                    {
                        int cols = Math.Min(Nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += Mr)
                        {
                            int rows = Math.Min(Mr, mc - ir);
                            float* c = problem.C + ((long)(ic + ir) * problem.Ldc) + jc + jr;
                            GemmMicroKernel.Run(kc, packA + (ir * kc), packB + (jr * kc), c, problem.Ldc, rows, cols, accumulate);
                        }
                    }
                }
            }
        }
    }

    /// <summary>A product with one to three rows (a single image): dot products or scaled row sums, no packing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunSmallRows(in GemmProblem problem)
    {
        float[] rented = System.Buffers.ArrayPool<float>.Shared.Rent(problem.K);
        try
        {
            Span<float> row = rented.AsSpan(0, problem.K);
            for (int i = 0; i < problem.M; i++)
            {
                for (int p = 0; p < problem.K; p++)
                {
                    row[p] = *problem.AAt(i, p);
                }

                var c = new Span<float>(problem.C + ((long)i * problem.Ldc), problem.N);
                if (problem.TransposeB)
                {
                    for (int j = 0; j < problem.N; j++)
                    {
                        float dot = TP.Dot(row, new ReadOnlySpan<float>(problem.BAt(0, j), problem.K));
                        c[j] = problem.Accumulate ? c[j] + dot : dot;
                    }
                }
                else
                {
                    if (!problem.Accumulate)
                    {
                        c.Clear();
                    }

                    for (int p = 0; p < problem.K; p++)
                    {
                        TP.MultiplyAdd(new ReadOnlySpan<float>(problem.BAt(p, 0), problem.N), row[p], c, c);
                    }
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Per-thread packing buffers, pinned and aligned to 64 bytes, allocated once per thread.</summary>
    private static class PackBuffers
    {
        [ThreadStatic]
        private static float[]? t_a;

        [ThreadStatic]
        private static float[]? t_b;

        public static float* A => Aligned(ref t_a, Mc * Kc);

        public static float* B => Aligned(ref t_b, Kc * Nc);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float* Aligned(ref float[]? buffer, int length)
        {
            buffer ??= GC.AllocateUninitializedArray<float>(length + 16, pinned: true);
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
            return (float*)((address + 63) & ~(nint)63);
        }
    }
}
