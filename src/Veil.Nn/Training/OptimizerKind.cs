namespace Veil.Nn.Training;

/// <summary>The optimizers <see cref="Trainer"/> can build.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with momentum (<see cref="Sgd"/>).</summary>
    Sgd,

    /// <summary>Adam (<see cref="Adam"/>).</summary>
    Adam,
}
