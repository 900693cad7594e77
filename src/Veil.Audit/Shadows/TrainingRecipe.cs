using System.Globalization;
using Veil.Nn;
using Veil.Nn.Training;
using Veil.Nn.Zoo;

namespace Veil.Audit.Shadows;

/// <summary>
/// How a model file was trained, read back from the <c>train.command</c> property that <c>veil train</c> records
/// (architecture, epochs, batch, learning rate and decay, optimizer, and the first-N-images limit), so shadow models
/// can be trained the same way. A model trained with DP-SGD (<c>--dp-epsilon</c>) gets the architecture's plain recipe.
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record TrainingRecipe(ZooEntry Architecture, TrainingOptions Training, int Limit)
{
    /// <summary>The property holding the training command.</summary>
    public const string CommandKey = "train.command";

    /// <summary>Reads the recipe of <paramref name="model"/>; null when it records no training command.</summary>
    /// <exception cref="VeilException">The command names an architecture the zoo does not have, or a malformed number.</exception>
    public static TrainingRecipe? Of(Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Properties.TryGetValue(CommandKey, out string? command) ? Parse(command) : null;
    }

    /// <summary>Parses a <c>veil train</c> command line.</summary>
    /// <exception cref="VeilException">No <c>--model</c>, an unknown architecture, or a malformed number.</exception>
    public static TrainingRecipe Parse(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        string[] words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string? Value(string flag)
        {
            int i = Array.IndexOf(words, flag);
            return i >= 0 && i + 1 < words.Length ? words[i + 1] : null;
        }

        string architecture = Value("--model") ?? throw new VeilException($"the training command '{command}' names no --model.");
        ZooEntry entry = ModelZoo.Get(architecture);
        TrainingOptions options = entry.Training;
        int limit = Value("--limit") is { } l ? Number<int>(l, command) : 0;
        if (words.Contains("--dp-epsilon"))
        {
            // DP-SGD's settings (large batches, high learning rates) do not suit plain training: shadows of a private
            // model are trained with the architecture's own recipe.
            return new TrainingRecipe(entry, options with { Limit = 0 }, limit);
        }

        if (Value("--epochs") is { } epochs)
        {
            options = options with { Epochs = Number<int>(epochs, command) };
        }

        if (Value("--batch") is { } batch)
        {
            options = options with { BatchSize = Number<int>(batch, command) };
        }

        if (Value("--lr") is { } rate)
        {
            options = options with { LearningRate = Number<double>(rate, command) };
        }

        if (Value("--lr-decay") is { } decay)
        {
            options = options with { LearningRateDecay = Number<double>(decay, command) };
        }

        if (Value("--optimizer") is { } optimizer)
        {
            options = options with { Optimizer = optimizer == "sgd" ? OptimizerKind.Sgd : OptimizerKind.Adam };
        }

        if (Value("--shift") is { } shift)
        {
            options = options with { MaxShift = Number<int>(shift, command) };
        }

        return new TrainingRecipe(entry, options with { Limit = 0 }, limit);
    }

    private static T Number<T>(string text, string command)
        where T : ISpanParsable<T> =>
        T.TryParse(text, CultureInfo.InvariantCulture, out T? value) ? value
            : throw new VeilException($"the training command '{command}' has a malformed number '{text}'.");
}
