namespace Veil.Onnx;

/// <summary>The trailing output functions an imported model keeps beside it: softmax and log-softmax over each row.</summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class OnnxOutput
{
    /// <summary>Applies <paramref name="function"/> ("softmax", "logsoftmax" or null for none) to each row of
    /// <paramref name="rows"/> (row length <paramref name="width"/>), in place.</summary>
    /// <exception cref="ArgumentException">The function is unknown or the width does not divide the values.</exception>
    public static void Apply(string? function, Span<float> rows, int width)
    {
        if (function is null)
        {
            return;
        }

        Guard.IsTrue(function is "softmax" or "logsoftmax", nameof(function), "must be softmax, logsoftmax or null");
        Guard.IsTrue(width > 0 && rows.Length % width == 0, nameof(width), "must divide the number of values");
        for (int start = 0; start < rows.Length; start += width)
        {
            Span<float> row = rows.Slice(start, width);
            float max = float.NegativeInfinity;
            foreach (float v in row)
            {
                max = Math.Max(max, v);
            }

            double sum = 0;
            foreach (float v in row)
            {
                sum += Math.Exp(v - max);
            }

            double logSum = Math.Log(sum) + max;
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = function == "softmax" ? (float)Math.Exp(row[i] - logSum) : (float)(row[i] - logSum);
            }
        }
    }
}
