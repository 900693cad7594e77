using System.Text.RegularExpressions;
using Veil.Nn.Serialization;

namespace Veil.Nn.Zoo;

/// <summary>
/// The trained models that ship with Veil: files <c>models/NAME.veil</c> found by <see cref="AssetLocator"/>.
/// Zoo architectures ship under their zoo names; other trained models (e.g. <c>lenet-dp3</c>) under names of their own.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static partial class ShippedModels
{
    /// <summary>The shipped models' folder, or null when it cannot be found.</summary>
    public static string? Directory => AssetLocator.FindDirectory("models");

    /// <summary>True for names of lower-case letters, digits and inner dashes (no paths).</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>The names of the shipped models: zoo architectures first in zoo order, then the others alphabetically.</summary>
    public static IReadOnlyList<string> Names()
    {
        string? directory = Directory;
        if (directory is null)
        {
            return [];
        }

        var present = System.IO.Directory.EnumerateFiles(directory, "*" + ModelFile.Extension)
            .Select(Path.GetFileNameWithoutExtension)
            .Where(IsValidName)
            .Select(n => n!)
            .ToHashSet(StringComparer.Ordinal);
        var zoo = ModelZoo.Names.Where(present.Contains).ToList();
        return [.. zoo, .. present.Except(zoo).Order(StringComparer.Ordinal)];
    }

    /// <summary>The path of shipped model <paramref name="name"/> (whether or not it exists).</summary>
    /// <exception cref="VeilException">The name is not a valid model name, or the models folder cannot be found.</exception>
    public static string PathOf(string name)
    {
        if (!IsValidName(name))
        {
            throw new VeilException($"'{name}' is not a model name (lower-case letters, digits and dashes).");
        }

        string directory = Directory ?? throw new VeilException(
            $"cannot find Veil's models/ folder; run from a clone of the repository or set {AssetLocator.HomeVariable}.");
        return Path.Combine(directory, name + ModelFile.Extension);
    }

    /// <summary>Loads shipped model <paramref name="name"/>.</summary>
    /// <exception cref="VeilException">No such model ships; the message lists those that do.</exception>
    /// <exception cref="VeilFormatException">The file is corrupt or of a newer version.</exception>
    public static Sequential Load(string name)
    {
        string path = PathOf(name);
        if (!File.Exists(path))
        {
            IReadOnlyList<string> names = Names();
            string hint = ModelZoo.TryGet(name, out _) ? $" (train it with 'veil train --model {name} --out {path}')" : string.Empty;
            throw new VeilException($"no shipped model '{name}'{hint}; shipped: {(names.Count == 0 ? "none" : string.Join(", ", names))}.");
        }

        return ModelFile.Load(path);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex NamePattern();
}
