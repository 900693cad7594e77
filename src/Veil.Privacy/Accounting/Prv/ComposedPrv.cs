namespace Veil.Privacy.Accounting.Prv;

/// <summary>
/// The distribution of a composed, discretised privacy loss on a window of the grid: point i has loss
/// (LowIndex + i) h + Shift. Gives the hockey-stick divergence delta(epsilon) = E[(1 - exp(epsilon - Y))+] and its
/// inverse.
/// </summary>
/// <remarks>Thread-safety: immutable after construction.</remarks>
internal sealed class ComposedPrv
{
    public ComposedPrv(double[] pmf, long lowIndex, double shift, double mesh)
    {
        Pmf = pmf;
        LowIndex = lowIndex;
        Shift = shift;
        Mesh = mesh;
    }

    public double[] Pmf { get; }

    public long LowIndex { get; }

    public double Shift { get; }

    public double Mesh { get; }

    /// <summary>The loss value of point <paramref name="i"/>.</summary>
    public double Loss(int i) => ((LowIndex + i) * Mesh) + Shift;

    /// <summary>delta(epsilon) = sum over points with loss &gt; epsilon of p (1 - exp(epsilon - loss)).</summary>
    public double Delta(double epsilon)
    {
        double sum = 0, compensation = 0;
        for (int i = Pmf.Length - 1; i >= 0; i--)
        {
            double loss = Loss(i);
            if (loss <= epsilon)
            {
                break;
            }

            double term = Pmf[i] * -Numerics.SpecialFunctions.ExpMinusOne(epsilon - loss);
            double y = term - compensation;
            double t = sum + y;
            compensation = (t - sum) - y;
            sum = t;
        }

        return sum;
    }

    /// <summary>The smallest epsilon &gt;= 0 with delta(epsilon) &lt;= <paramref name="delta"/>.</summary>
    /// <remarks>On [loss(t-1), loss(t)) the points above epsilon are exactly {t, t+1, ...}, so
    /// delta(epsilon) = A_t - exp(epsilon) B_t with A_t = sum p, B_t = sum p exp(-loss) over them; the walk goes down from
    /// the top, keeping A and B as compensated running sums, until delta at the interval's lower end reaches the
    /// target, then solves epsilon = log((A_t - delta) / B_t).</remarks>
    public double Epsilon(double delta)
    {
        if (delta <= 0)
        {
            return double.PositiveInfinity;
        }

        double a = 0, aCompensation = 0, b = 0, bCompensation = 0;
        for (int t = Pmf.Length - 1; t >= 0; t--)
        {
            double lossT = Loss(t);
            if (lossT <= 0)
            {
                break;
            }

            Add(ref a, ref aCompensation, Pmf[t]);
            Add(ref b, ref bCompensation, Pmf[t] * Math.Exp(-lossT));
            double lowerEnd = Math.Max(0, t > 0 ? Loss(t - 1) : 0);
            double deltaAtLowerEnd = a - (Math.Exp(lowerEnd) * b);
            if (deltaAtLowerEnd >= delta || lowerEnd == 0)
            {
                if (deltaAtLowerEnd < delta)
                {
                    return 0; // delta(0) already below the target
                }

                return Math.Max(lowerEnd, Math.Log((a - delta) / b));
            }
        }

        return 0;
    }

    private static void Add(ref double sum, ref double compensation, double value)
    {
        double y = value - compensation;
        double t = sum + y;
        compensation = (t - sum) - y;
        sum = t;
    }
}
