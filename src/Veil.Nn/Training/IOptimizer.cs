namespace Veil.Nn.Training;

/// <summary>Updates parameters from their gradients (<see cref="Parameter.Gradient"/>).</summary>
public interface IOptimizer
{
    /// <summary>The step size; schedules change it between steps.</summary>
    double LearningRate { get; set; }

    /// <summary>Applies one update to every parameter, in place.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    void Step(IReadOnlyList<Parameter> parameters);
}
