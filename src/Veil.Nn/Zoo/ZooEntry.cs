using Veil.Nn.Training;

namespace Veil.Nn.Zoo;

/// <summary>A named architecture of the model zoo: how to build it, where it comes from, and how Veil trains it.</summary>
/// <remarks>Thread-safety: immutable; <see cref="Create"/> returns a new model each call.</remarks>
public sealed class ZooEntry
{
    private readonly Func<Sequential> _build;

    /// <summary>Creates an entry.</summary>
    /// <param name="name">The zoo name, lower-case letters, digits and dashes (e.g. <c>lenet</c>).</param>
    /// <param name="description">One line: the layers.</param>
    /// <param name="origin">Where the architecture comes from (a paper or library).</param>
    /// <param name="targetAccuracy">The test accuracy (0..1) the shipped model must reach, or 0 when none is set.</param>
    /// <param name="training">The settings <c>veil train</c> uses by default.</param>
    /// <param name="build">Builds the model with untrained (zero) parameters; its name must be <paramref name="name"/>.</param>
    /// <exception cref="ArgumentException">The name is not a valid zoo name.</exception>
    public ZooEntry(string name, string description, string origin, double targetAccuracy, TrainingOptions training, Func<Sequential> build)
    {
        Guard.IsTrue(ShippedModels.IsValidName(name), nameof(name), "must be lower-case letters, digits and dashes");
        Name = name;
        Description = Guard.NotNull(description);
        Origin = Guard.NotNull(origin);
        TargetAccuracy = targetAccuracy;
        Training = Guard.NotNull(training);
        _build = Guard.NotNull(build);
    }

    /// <summary>The zoo name.</summary>
    public string Name { get; }

    /// <summary>One line describing the layers.</summary>
    public string Description { get; }

    /// <summary>Where the architecture comes from.</summary>
    public string Origin { get; }

    /// <summary>The test accuracy (0..1) the shipped model must reach; 0 when none is set.</summary>
    public double TargetAccuracy { get; }

    /// <summary>The default training settings.</summary>
    public TrainingOptions Training { get; }

    /// <summary>For an architecture meant for private training (e.g. <c>lenet-dp</c>), the zoo name of the non-private
    /// model it stands in for (<c>lenet</c>): comparisons put its DP-trained copies beside that model. Null when the
    /// architecture stands for itself.</summary>
    public string? PlainTwin { get; init; }

    /// <summary>A new model of this architecture, initialised from <paramref name="seed"/>.</summary>
    public Sequential Create(int seed)
    {
        Sequential model = _build();
        model.Initialize(seed);
        model.Properties["zoo.name"] = Name;
        model.Properties[Data.MnistPreprocessing.PropertyKey] = Data.MnistPreprocessing.Id;
        return model;
    }
}
