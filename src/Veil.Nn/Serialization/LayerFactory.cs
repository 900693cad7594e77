using Veil.Nn.Layers;

namespace Veil.Nn.Serialization;

/// <summary>Rebuilds a layer from the kind and hyperparameters stored in a model file.</summary>
internal static class LayerFactory
{
    private const int MaxSize = 1 << 20;

    /// <exception cref="VeilFormatException">The kind is unknown or a hyperparameter is missing or impossible.</exception>
    public static Layer Create(LayerSpec spec, string source)
    {
        try
        {
            return spec.Kind switch
            {
                "linear" => new Linear(spec.GetInt("in", 1, MaxSize, source), spec.GetInt("out", 1, MaxSize, source), spec.GetInt("bias", 0, 1, source) == 1),
                "conv2d" => new Conv2d(
                    spec.GetInt("in", 1, MaxSize, source), spec.GetInt("out", 1, MaxSize, source), spec.GetInt("kernel", 1, 1024, source),
                    spec.GetInt("stride", 1, 1024, source), spec.GetInt("padding", 0, 1024, source), spec.GetInt("bias", 0, 1, source) == 1),
                "maxpool2d" => new MaxPool2d(spec.GetInt("kernel", 1, 1024, source), spec.GetInt("stride", 1, 1024, source)),
                "avgpool2d" => new AvgPool2d(spec.GetInt("kernel", 1, 1024, source), spec.GetInt("stride", 1, 1024, source)),
                "relu" => new ReLU(),
                "tanh" => new Tanh(),
                "sigmoid" => new Sigmoid(),
                "square" => new Square(),
                "polynomial" => new Polynomial(spec.Get("coefficients", source)),
                "flatten" => new Flatten(),
                _ => throw new VeilFormatException($"{source}: unknown layer kind '{spec.Kind}' (written by a newer Veil, or corrupt)."),
            };
        }
        catch (ArgumentException ex)
        {
            throw new VeilFormatException($"{source}: corrupt model: impossible '{spec.Kind}' layer ({ex.Message}).", ex);
        }
    }
}
