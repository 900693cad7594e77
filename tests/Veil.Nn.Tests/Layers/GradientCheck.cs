using Veil.Nn.Layers;
using Veil.Tensors;

namespace Veil.Nn.Tests.Layers;

/// <summary>
/// Finite-difference checks in double precision around float32 layers: the loss is L = Σ r ⊙ layer(x) for a fixed
/// random r, so dL/dy = r, and each checked component compares the analytic gradient with (L(+h) − L(−h)) / 2h.
/// </summary>
internal static class GradientCheck
{
    public static Tensor RandomTensor(System.Random random, TensorShape shape, double minMagnitude = 0)
    {
        var t = new Tensor(shape);
        Span<float> s = t.Span;
        for (int i = 0; i < s.Length; i++)
        {
            double v;
            do
            {
                v = random.NextDouble() * 2 - 1;
            }
            while (Math.Abs(v) < minMagnitude);
            s[i] = (float)v;
        }

        return t;
    }

    public static void Check(Layer layer, Tensor input, double h = 1e-2, int seed = 1)
    {
        var random = new System.Random(seed);
        Tensor output = layer.Forward(input);
        Tensor r = RandomTensor(random, output.Shape);
        Tensor inputGradient = layer.Backward(r)!.Clone();
        var parameterGradients = layer.Parameters.Select(p => p.Gradient.Clone()).ToList();

        double Loss()
        {
            Tensor y = layer.Forward(input);
            double sum = 0;
            for (int i = 0; i < y.Length; i++)
            {
                sum += (double)r.Span[i] * y.Span[i];
            }

            return sum;
        }

        CheckTensor(input, inputGradient, Loss, h, random, "input");
        for (int p = 0; p < layer.Parameters.Count; p++)
        {
            CheckTensor(layer.Parameters[p].Value, parameterGradients[p], Loss, h, random, layer.Parameters[p].Name);
        }
    }

    private static void CheckTensor(Tensor values, Tensor analytic, Func<double> loss, double h, System.Random random, string what)
    {
        int checks = Math.Min(values.Length, 25);
        for (int c = 0; c < checks; c++)
        {
            int i = values.Length <= 25 ? c : random.Next(values.Length);
            float original = values.Span[i];
            values.Span[i] = (float)(original + h);
            double plus = loss();
            values.Span[i] = (float)(original - h);
            double minus = loss();
            values.Span[i] = original;
            double numeric = (plus - minus) / (2 * h);
            double a = analytic.Span[i];
            Assert.True(Math.Abs(a - numeric) <= 2e-3 + 1e-2 * Math.Max(Math.Abs(a), Math.Abs(numeric)),
                $"{what}[{i}]: analytic {a}, numeric {numeric}");
        }
    }
}
