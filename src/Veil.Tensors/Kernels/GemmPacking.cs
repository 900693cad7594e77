using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Veil.Tensors.Kernels.GemmBlocking;

namespace Veil.Tensors.Kernels;

/// <summary>Copies blocks of A and B into the order the micro-kernel reads them, zero-padding partial tiles.</summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs rows [ic, ic+mc) and depth [pc, pc+kc) of op(A) into micro-panels of <see cref="Mr"/> rows:
    /// element (ir + ii, p) goes to <c>dst[ir*kc + p*Mr + ii]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(in GemmProblem problem, int ic, int mc, int pc, int kc, float* dst)
    {
        for (int ir = 0; ir < mc; ir += Mr)
        {
            int rows = Math.Min(Mr, mc - ir);
            float* panel = dst + (ir * kc);
            if (problem.TransposeA)
            {
                // Stored A is k x m: the Mr values of one depth step are contiguous.
                for (int p = 0; p < kc; p++)
                {
                    float* src = problem.AAt(ic + ir, pc + p);
                    float* to = panel + (p * Mr);
                    if (rows == Mr)
                    {
                        Vector256.Store(Vector256.Load(src), to);
                    }
                    else
                    {
                        for (int ii = 0; ii < Mr; ii++)
                        {
                            to[ii] = ii < rows ? src[ii] : 0f;
                        }
                    }
                }
            }
            else
            {
                // Stored A is m x k: each row is contiguous in depth, so transpose 8 x 8 blocks into the panel.
                int done = 0;
                if (rows == Mr && Transpose8x8.IsSupported)
                {
                    for (; done + 8 <= kc; done += 8)
                    {
                        Transpose8x8.Run(problem.AAt(ic + ir, pc + done), problem.Lda, panel + (done * Mr), Mr);
                    }
                }

                for (int ii = 0; ii < rows; ii++)
                {
                    float* src = problem.AAt(ic + ir + ii, pc);
                    float* to = panel + ii;
                    for (int p = done; p < kc; p++)
                    {
                        to[p * Mr] = src[p];
                    }
                }

                for (int ii = rows; ii < Mr; ii++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        panel[(p * Mr) + ii] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs depth [pc, pc+kc) and columns [jc, jc+nc) of op(B) into panels of <see cref="Nr"/> columns:
    /// element (p, jr + jj) goes to <c>dst[jr*kc + p*Nr + jj]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(in GemmProblem problem, int pc, int kc, int jc, int nc, float* dst)
    {
        for (int jr = 0; jr < nc; jr += Nr)
        {
            int cols = Math.Min(Nr, nc - jr);
            float* panel = dst + (jr * kc);
            if (!problem.TransposeB)
            {
                // Stored B is k x n: the Nr values of one depth step are contiguous.
                for (int p = 0; p < kc; p++)
                {
                    float* src = problem.BAt(pc + p, jc + jr);
                    float* to = panel + (p * Nr);
                    if (cols == Nr)
                    {
                        Vector256.Store(Vector256.Load(src), to);
                        Vector256.Store(Vector256.Load(src + 8), to + 8);
                        Vector256.Store(Vector256.Load(src + 16), to + 16);
                        Vector256.Store(Vector256.Load(src + 24), to + 24);
                    }
                    else
                    {
                        for (int jj = 0; jj < Nr; jj++)
                        {
                            to[jj] = jj < cols ? src[jj] : 0f;
                        }
                    }
                }
            }
            else
            {
                // Stored B is n x k: each column of op(B) is contiguous in depth, so transpose 8 x 8 blocks.
                int full = Transpose8x8.IsSupported ? cols / 8 * 8 : 0;
                int depth = kc / 8 * 8;
                for (int j8 = 0; j8 < full; j8 += 8)
                {
                    float* src = problem.BAt(pc, jc + jr + j8);
                    for (int p = 0; p < depth; p += 8)
                    {
                        Transpose8x8.Run(src + p, problem.Ldb, panel + (p * Nr) + j8, Nr);
                    }
                }

                for (int jj = 0; jj < cols; jj++)
                {
                    float* src = problem.BAt(pc, jc + jr + jj);
                    float* to = panel + jj;
                    for (int p = jj < full ? depth : 0; p < kc; p++)
                    {
                        to[p * Nr] = src[p];
                    }
                }

                for (int jj = cols; jj < Nr; jj++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        panel[(p * Nr) + jj] = 0f;
                    }
                }
            }
        }
    }
}
