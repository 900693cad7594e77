namespace Veil.Onnx;

/// <summary>A polynomial in the running value x, built from a run of element-wise nodes with scalar constants
/// (coefficients c_0 + c_1·x + …), so that Square, Horner-form polynomials and scalar affine steps import as one layer.</summary>
internal static class ScalarPolynomial
{
    public const int MaxDegree = 8;

    public static readonly double[] Identity = [0, 1];

    public static double[] Add(double[] p, double[] q)
    {
        var r = new double[Math.Max(p.Length, q.Length)];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = (i < p.Length ? p[i] : 0) + (i < q.Length ? q[i] : 0);
        }

        return Trim(r);
    }

    public static double[] Scale(double[] p, double c) => Trim([.. p.Select(v => v * c)]);

    public static double[] Constant(double c) => [c];

    /// <summary>p·q, or null past <see cref="MaxDegree"/>.</summary>
    public static double[]? Multiply(double[] p, double[] q)
    {
        if (p.Length + q.Length - 2 > MaxDegree)
        {
            return null;
        }

        var r = new double[p.Length + q.Length - 1];
        for (int i = 0; i < p.Length; i++)
        {
            for (int j = 0; j < q.Length; j++)
            {
                r[i + j] += p[i] * q[j];
            }
        }

        return Trim(r);
    }

    public static bool IsIdentity(double[] p) => p.Length == 2 && p[0] == 0 && p[1] == 1;

    public static bool IsSquare(double[] p) => p.Length == 3 && p[0] == 0 && p[1] == 0 && p[2] == 1;

    private static double[] Trim(double[] p)
    {
        int length = p.Length;
        while (length > 1 && p[length - 1] == 0)
        {
            length--;
        }

        return length == p.Length ? p : p[..length];
    }
}
