namespace Veil.Nn.Data;

/// <summary>The two parts of MNIST.</summary>
public enum MnistSplit
{
    /// <summary>The 60,000 training images (files <c>train-*</c>).</summary>
    Train,

    /// <summary>The 10,000 test images (files <c>t10k-*</c>).</summary>
    Test,
}
