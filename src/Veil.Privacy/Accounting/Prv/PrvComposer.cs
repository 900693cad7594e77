using System.Numerics;
using Veil.Privacy.Numerics;

namespace Veil.Privacy.Accounting.Prv;

/// <summary>
/// Composes discretised privacy loss variables by FFT: the pmf of a sum of independent grid-valued variables is the
/// convolution of their pmfs, so the spectrum of T copies is the T-th power of one spectrum, and runs with different
/// parameters multiply.
/// </summary>
/// <remarks>
/// The composed variable ranges over T times the width of one step, far more than fits in memory, but nearly all its
/// mass lies in a window found with Chernoff bounds on the discrete variables: P[Y &gt;= u] &lt;= exp(C(theta) - theta u)
/// with C the summed cumulant generating functions, optimised over theta (the bound is unimodal in theta). The window
/// holds all but eta/8 of the mass on each side. A cyclic FFT of the window's size folds the mass outside onto it;
/// that folded mass, at most eta/4, is the only error the window adds, and the caller accounts for it.
/// Thread-safety: stateless.
/// </remarks>
internal static class PrvComposer
{
    /// <summary>The composition of <paramref name="runs"/> (each variable composed with itself Count times).</summary>
    /// <exception cref="PrivacyParameterException">The window needs more than <paramref name="maxFftSize"/> points.</exception>
    public static ComposedPrv Compose(IReadOnlyList<(DiscretePrv Step, long Count)> runs, double mesh, double eta, int maxFftSize)
    {
        double totalShift = 0;
        double hardLow = 0, hardHigh = 0;
        foreach ((DiscretePrv step, long count) in runs)
        {
            totalShift += count * step.Shift;
            hardLow += count * ((step.LowIndex * mesh) + step.Shift);
            hardHigh += count * ((step.HighIndex * mesh) + step.Shift);
        }

        double logTail = Math.Log(8 / eta);
        double upper = Math.Min(hardHigh, ChernoffBound(runs, mesh, logTail, +1));
        double lower = Math.Max(hardLow, -ChernoffBound(runs, mesh, logTail, -1));
        long lowIndex = (long)Math.Floor((lower - totalShift) / mesh);
        long highIndex = (long)Math.Ceiling((upper - totalShift) / mesh);
        long width = highIndex - lowIndex + 1;
        if (width > maxFftSize)
        {
            throw new PrivacyParameterException(
                $"the PRV accountant would need an FFT of {width} points (limit {maxFftSize}); " +
                "raise the epsilon error or use the RDP accountant.");
        }

        int size = (int)Math.Max(2, BitOperations.RoundUpToPowerOf2((ulong)width));
        var fft = new Fft(size);
        var accumulatorRe = new double[size];
        var accumulatorIm = new double[size];
        accumulatorRe.AsSpan().Fill(1);
        var workRe = new double[size];
        var workIm = new double[size];
        foreach ((DiscretePrv step, long count) in runs)
        {
            Array.Clear(workRe);
            Array.Clear(workIm);
            for (int m = 0; m < step.Pmf.Length; m++)
            {
                workRe[Modulo(step.LowIndex + m, size)] += step.Pmf[m];
            }

            fft.Forward(workRe, workIm);
            for (int f = 0; f < size; f++)
            {
                (double re, double im) = Power(workRe[f], workIm[f], count);
                double accRe = accumulatorRe[f];
                accumulatorRe[f] = (accRe * re) - (accumulatorIm[f] * im);
                accumulatorIm[f] = (accRe * im) + (accumulatorIm[f] * re);
            }
        }

        fft.Inverse(accumulatorRe, accumulatorIm);
        var pmf = new double[size];
        for (int i = 0; i < size; i++)
        {
            pmf[i] = Math.Max(0, accumulatorRe[Modulo(lowIndex + i, size)]);
        }

        return new ComposedPrv(pmf, lowIndex, totalShift, mesh);
    }

    /// <summary>min over theta &gt; 0 of (C(s theta) + logTail) / theta: for s = +1 a point above which the composed
    /// loss has mass at most exp(-logTail); for s = -1 minus a point below which it has.</summary>
    private static double ChernoffBound(IReadOnlyList<(DiscretePrv Step, long Count)> runs, double mesh, double logTail, int sign)
    {
        double Objective(double logTheta)
        {
            double theta = Math.Exp(logTheta);
            double cumulant = 0;
            foreach ((DiscretePrv step, long count) in runs)
            {
                cumulant += count * step.LogMgf(sign * theta, mesh);
            }

            return (cumulant + logTail) / theta;
        }

        return Search.GoldenSectionMinimum(Objective, Math.Log(1e-5), Math.Log(1e4), 60).Value;
    }

    /// <summary>(re + i im)^exponent by binary exponentiation: about 2 log2(exponent) complex products, each adding about
    /// one unit of round-off relative to the (at most unit) modulus.</summary>
    private static (double Re, double Im) Power(double re, double im, long exponent)
    {
        double resultRe = 1, resultIm = 0;
        while (exponent > 0)
        {
            if ((exponent & 1) != 0)
            {
                (resultRe, resultIm) = ((resultRe * re) - (resultIm * im), (resultRe * im) + (resultIm * re));
            }

            exponent >>= 1;
            if (exponent > 0)
            {
                (re, im) = ((re * re) - (im * im), 2 * re * im);
            }
        }

        return (resultRe, resultIm);
    }

    private static int Modulo(long value, int size)
    {
        long r = value % size;
        return (int)(r < 0 ? r + size : r);
    }
}
