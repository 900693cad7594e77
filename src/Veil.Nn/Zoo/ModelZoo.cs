using Veil.Nn.Data;
using Veil.Nn.Layers;
using Veil.Nn.Training;

namespace Veil.Nn.Zoo;

/// <summary>
/// The reference MNIST architectures, by name. Every model takes [batch, 1, 28, 28] images preprocessed by
/// <see cref="MnistPreprocessing"/> and returns 10 logits.
/// </summary>
/// <remarks>
/// To add an architecture, add one <see cref="ZooEntry"/> to <see cref="Entries"/> (see the existing ones).
/// Trained copies are shipped as files (see <see cref="ShippedModels"/>), which may also hold models trained otherwise
/// (e.g. with differential privacy) under names of their own.
/// Thread-safety: immutable, safe from any thread.
/// </remarks>
public static class ModelZoo
{
    /// <summary>SecureNN's network A: FC 784→128, ReLU, FC 128→128, ReLU, FC 128→10.</summary>
    public static ZooEntry Mlp { get; } = new(
        "mlp", "FC 784→128, ReLU, FC 128→128, ReLU, FC 128→10", "SecureNN network A (Wagh et al. 2019)", 0.975,
        TrainingOptions.Adam(epochs: 15, learningRate: 1e-3, decay: 0.85),
        () => Mlp3("mlp", () => new ReLU()));

    /// <summary>Network A with x² activations, for homomorphic encryption.</summary>
    public static ZooEntry MlpSquare { get; } = new(
        "mlp-square", "FC 784→128, x², FC 128→128, x², FC 128→10", "SecureNN network A with square activations", 0.970,
        TrainingOptions.Adam(epochs: 15, learningRate: 1e-3, decay: 0.85),
        () => Mlp3("mlp-square", () => new Square()));

    /// <summary>The TenSEAL / CryptoNets-style convolutional net.</summary>
    public static ZooEntry CnnHe { get; } = new(
        "cnn-he", "Conv 1→4 7×7 stride 3, x², FC 256→64, x², FC 64→10", "TenSEAL's encrypted MNIST tutorial (after CryptoNets)", 0.980,
        TrainingOptions.Adam(epochs: 20, learningRate: 1e-3, decay: 0.9),
        () => new Sequential("cnn-he", MnistPreprocessing.ImageShape,
            new Conv2d(1, 4, 7, stride: 3), new Square(), new Flatten(), new Linear(256, 64), new Square(), new Linear(64, 10)));

    /// <summary>SecureNN's network C (a LeNet variant).</summary>
    public static ZooEntry Lenet { get; } = new(
        "lenet", "Conv 1→20 5×5, ReLU, MaxPool 2, Conv 20→50 5×5, ReLU, MaxPool 2, FC 800→500, ReLU, FC 500→10",
        "SecureNN network C (LeNet)", 0.990,
        TrainingOptions.Adam(epochs: 15, learningRate: 1e-3, decay: 0.8),
        () => new Sequential("lenet", MnistPreprocessing.ImageShape,
            new Conv2d(1, 20, 5), new ReLU(), new MaxPool2d(2), new Conv2d(20, 50, 5), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(800, 500), new ReLU(), new Linear(500, 10)));

    /// <summary>SecureNN's network B.</summary>
    public static ZooEntry SecureNnB { get; } = new(
        "securenn-b", "Conv 1→16 5×5, ReLU, MaxPool 2, Conv 16→16 5×5, ReLU, MaxPool 2, FC 256→100, ReLU, FC 100→10",
        "SecureNN network B", 0,
        TrainingOptions.Adam(epochs: 15, learningRate: 1e-3, decay: 0.8),
        () => new Sequential("securenn-b", MnistPreprocessing.ImageShape,
            new Conv2d(1, 16, 5), new ReLU(), new MaxPool2d(2), new Conv2d(16, 16, 5), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(256, 100), new ReLU(), new Linear(100, 10)));

    /// <summary>SecureNN's network D: one strided convolution padded to 5×14×14.</summary>
    public static ZooEntry SecureNnD { get; } = new(
        "securenn-d", "Conv 1→5 5×5 stride 2 padding 2 (5×14×14), ReLU, FC 980→100, ReLU, FC 100→10",
        "SecureNN network D", 0,
        TrainingOptions.Adam(epochs: 15, learningRate: 1e-3, decay: 0.8),
        () => new Sequential("securenn-d", MnistPreprocessing.ImageShape,
            new Conv2d(1, 5, 5, stride: 2, padding: 2), new ReLU(), new Flatten(), new Linear(980, 100), new ReLU(), new Linear(100, 10)));

    /// <summary>LeNet-5 with degree-2 polynomial activations and average pooling, deep enough to need a second
    /// convolution under homomorphic encryption.</summary>
    public static ZooEntry LenetHe { get; } = new(
        "lenet-he", "Conv 1→6 5×5 padding 2, p, AvgPool 2, Conv 6→16 5×5, p, AvgPool 2, FC 400→120, p, FC 120→84, p, FC 84→10; p(x) = 0.125x² + 0.5x + 0.25",
        "LeNet-5 (LeCun et al. 1998) with polynomial activations, for homomorphic encryption", 0.990,
        TrainingOptions.Adam(epochs: 20, learningRate: 2e-3, decay: 0.85) with { BatchSize = 128, MaxShift = 2 },
        () => new Sequential("lenet-he", MnistPreprocessing.ImageShape,
            new Conv2d(1, 6, 5, padding: 2), HePolynomial(), new AvgPool2d(2), new Conv2d(6, 16, 5), HePolynomial(), new AvgPool2d(2),
            new Flatten(), new Linear(400, 120), HePolynomial(), new Linear(120, 84), HePolynomial(), new Linear(84, 10)));

    /// <summary>Every architecture, in the order tables list them.</summary>
    public static IReadOnlyList<ZooEntry> Entries { get; } = [Mlp, MlpSquare, CnnHe, Lenet, SecureNnB, SecureNnD, LenetHe];

    /// <summary>The names of every architecture.</summary>
    public static IEnumerable<string> Names => Entries.Select(e => e.Name);

    /// <summary>Finds an architecture by name.</summary>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ZooEntry? entry)
    {
        entry = Entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));
        return entry is not null;
    }

    /// <summary>The architecture called <paramref name="name"/>.</summary>
    /// <exception cref="VeilException">No architecture has that name; the message lists the names.</exception>
    public static ZooEntry Get(string name) =>
        TryGet(name, out ZooEntry? entry) ? entry
            : throw new VeilException($"unknown model '{name}'; the zoo has: {string.Join(", ", Names)}.");

    /// <summary>A new model of architecture <paramref name="name"/>, initialised from <paramref name="seed"/>.</summary>
    /// <exception cref="VeilException">No architecture has that name.</exception>
    public static Sequential Create(string name, int seed) => Get(name).Create(seed);

    private static Polynomial HePolynomial() => new(0.25, 0.5, 0.125);

    private static Sequential Mlp3(string name, Func<Layer> activation) =>
        new(name, MnistPreprocessing.ImageShape,
            new Flatten(), new Linear(784, 128), activation(), new Linear(128, 128), activation(), new Linear(128, 10));
}
