using Veil.Mpc.Preprocessing;
using Veil.Mpc.Protocols;

namespace Veil.Mpc.Nn.Steps;

/// <summary>
/// A layer's weights as the right operand of its products, however the session holds them: shared and prepared once
/// (<see cref="PreparedOperand"/>), or kept in the clear by the model owner (<see cref="OwnedOperand"/>, without a
/// dealer). The linear and convolution steps take either.
/// </summary>
/// <remarks>Thread-safety: immutable; the products need the context's thread.</remarks>
internal abstract class WeightOperand
{
    /// <summary>The weights' shape: [in, out] for a linear layer, [O, C, K, K] for a kernel.</summary>
    public abstract TensorShape Shape { get; }

    /// <summary>How the step describes the form ("" for shared weights).</summary>
    public virtual string Note => "";

    /// <summary>X [m, in] times the weights.</summary>
    public abstract SharedTensor MatMul(SharedTensor x);

    /// <summary>The convolution of X [N, C, H, W] by the kernel.</summary>
    public abstract SharedTensor Conv2d(SharedTensor x, int stride, int padding);

    /// <summary>Shared weights, prepared once.</summary>
    public static WeightOperand Of(PreparedOperand weights) => new Prepared(weights);

    /// <summary>Weights the model owner keeps in the clear.</summary>
    public static WeightOperand Of(OwnedOperand weights) => new Owned(weights);

    private sealed class Prepared(PreparedOperand weights) : WeightOperand
    {
        public override TensorShape Shape => weights.Shape;

        public override SharedTensor MatMul(SharedTensor x) => x.MatMul(weights);

        public override SharedTensor Conv2d(SharedTensor x, int stride, int padding) => x.Conv2d(weights, stride, padding);
    }

    private sealed class Owned(OwnedOperand weights) : WeightOperand
    {
        public override TensorShape Shape => weights.Shape;

        public override string Note => " (owned)";

        public override SharedTensor MatMul(SharedTensor x) => OwnedProducts.MatMul(x, weights);

        public override SharedTensor Conv2d(SharedTensor x, int stride, int padding) => OwnedProducts.Conv2d(x, weights, stride, padding);
    }
}
