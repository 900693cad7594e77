using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Veil.Tensors.Kernels.GemmBlocking;

namespace Veil.Tensors.Kernels;

/// <summary>
/// The register-blocked inner kernel of <see cref="Gemm"/>: one 8 x 32 tile of C from a packed A micro-panel
/// (Mr values per depth step) and a packed B micro-panel (Nr values per depth step).
/// </summary>
internal static unsafe class GemmMicroKernel
{
    /// <summary>
    /// C[0..rows, 0..cols] (+)= sum over p of pa[p*Mr + i] * pb[p*Nr + j]. Packing zero-pads partial tiles, so the
    /// kernel always computes a full tile and writes back only the <paramref name="rows"/> x <paramref name="cols"/> part.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* pa, float* pb, float* c, int ldc, int rows, int cols, bool accumulate)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Run512(kc, pa, pb, c, ldc, rows, cols, accumulate);
        }
        else
        {
            float* tile = stackalloc float[Mr * Nr];
            for (int r0 = 0; r0 < Mr; r0 += 4)
            {
                for (int j0 = 0; j0 < Nr; j0 += 16)
                {
                    Quarter256(kc, pa + r0, pb + j0, tile + (r0 * Nr) + j0);
                }
            }

            MergeTile(tile, c, ldc, rows, cols, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run512(int kc, float* pa, float* pb, float* c, int ldc, int rows, int cols, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(pb);
            Vector512<float> b1 = Vector512.Load(pb + 16);
            Vector512<float> a;
            a = Vector512.Create(pa[0]);
            c00 = Vector512.FusedMultiplyAdd(a, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a, b1, c01);
            a = Vector512.Create(pa[1]);
            c10 = Vector512.FusedMultiplyAdd(a, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a, b1, c11);
            a = Vector512.Create(pa[2]);
            c20 = Vector512.FusedMultiplyAdd(a, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a, b1, c21);
            a = Vector512.Create(pa[3]);
            c30 = Vector512.FusedMultiplyAdd(a, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a, b1, c31);
            a = Vector512.Create(pa[4]);
            c40 = Vector512.FusedMultiplyAdd(a, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a, b1, c41);
            a = Vector512.Create(pa[5]);
            c50 = Vector512.FusedMultiplyAdd(a, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a, b1, c51);
            a = Vector512.Create(pa[6]);
            c60 = Vector512.FusedMultiplyAdd(a, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a, b1, c61);
            a = Vector512.Create(pa[7]);
            c70 = Vector512.FusedMultiplyAdd(a, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a, b1, c71);
            pa += Mr;
            pb += Nr;
        }

        if (rows == Mr && cols == Nr)
        {
            StoreRow(c + (0 * (long)ldc), c00, c01, accumulate);
            StoreRow(c + (1 * (long)ldc), c10, c11, accumulate);
            StoreRow(c + (2 * (long)ldc), c20, c21, accumulate);
            StoreRow(c + (3 * (long)ldc), c30, c31, accumulate);
            StoreRow(c + (4 * (long)ldc), c40, c41, accumulate);
            StoreRow(c + (5 * (long)ldc), c50, c51, accumulate);
            StoreRow(c + (6 * (long)ldc), c60, c61, accumulate);
            StoreRow(c + (7 * (long)ldc), c70, c71, accumulate);
        }
        else
        {
            float* tile = stackalloc float[Mr * Nr];
            c00.Store(tile + (0 * Nr));
            c01.Store(tile + (0 * Nr) + 16);
            c10.Store(tile + (1 * Nr));
            c11.Store(tile + (1 * Nr) + 16);
            c20.Store(tile + (2 * Nr));
            c21.Store(tile + (2 * Nr) + 16);
            c30.Store(tile + (3 * Nr));
            c31.Store(tile + (3 * Nr) + 16);
            c40.Store(tile + (4 * Nr));
            c41.Store(tile + (4 * Nr) + 16);
            c50.Store(tile + (5 * Nr));
            c51.Store(tile + (5 * Nr) + 16);
            c60.Store(tile + (6 * Nr));
            c61.Store(tile + (6 * Nr) + 16);
            c70.Store(tile + (7 * Nr));
            c71.Store(tile + (7 * Nr) + 16);
            MergeTile(tile, c, ldc, rows, cols, accumulate);
        }
    }

    /// <summary>Four rows by sixteen columns of a tile with 256-bit vectors, for CPUs without AVX-512.</summary>
    private static void Quarter256(int kc, float* pa, float* pb, float* tile)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(pb);
            Vector256<float> b1 = Vector256.Load(pb + 8);
            Vector256<float> a = Vector256.Create(pa[0]);
            c00 = Vector256.FusedMultiplyAdd(a, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a, b1, c01);
            a = Vector256.Create(pa[1]);
            c10 = Vector256.FusedMultiplyAdd(a, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a, b1, c11);
            a = Vector256.Create(pa[2]);
            c20 = Vector256.FusedMultiplyAdd(a, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a, b1, c21);
            a = Vector256.Create(pa[3]);
            c30 = Vector256.FusedMultiplyAdd(a, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a, b1, c31);
            pa += Mr;
            pb += Nr;
        }

        c00.Store(tile);
        c01.Store(tile + 8);
        c10.Store(tile + Nr);
        c11.Store(tile + Nr + 8);
        c20.Store(tile + (2 * Nr));
        c21.Store(tile + (2 * Nr) + 8);
        c30.Store(tile + (3 * Nr));
        c31.Store(tile + (3 * Nr) + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector512<float> v0, Vector512<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector512.Load(c);
            v1 += Vector512.Load(c + 16);
        }

        v0.Store(c);
        v1.Store(c + 16);
    }

    private static void MergeTile(float* tile, float* c, int ldc, int rows, int cols, bool accumulate)
    {
        for (int i = 0; i < rows; i++)
        {
            float* row = c + (i * (long)ldc);
            float* from = tile + (i * Nr);
            for (int j = 0; j < cols; j++)
            {
                row[j] = accumulate ? row[j] + from[j] : from[j];
            }
        }
    }
}
