using Veil.Nn;
using Veil.Nn.Serialization;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// The files a local secure-inference session gives its parties: the model for the model owner, and its architecture
/// (the same layers with every weight zeroed: the architecture is public, the weights are not) for everyone else.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class InferenceFiles
{
    /// <summary>Writes <c>model.veil</c> and <c>architecture.veil</c> into <paramref name="directory"/> and returns their paths.</summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static (string Model, string Architecture) Write(string directory, Sequential model)
    {
        string modelFile = Path.Combine(directory, "model.veil");
        ModelFile.Save(model, modelFile);
        return (modelFile, WriteArchitecture(directory, model));
    }

    /// <summary>Writes only <c>architecture.veil</c> (every weight zeroed) into <paramref name="directory"/> and returns its path.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static string WriteArchitecture(string directory, Sequential model)
    {
        string architectureFile = Path.Combine(directory, "architecture.veil");
        Sequential architecture = ModelFile.Clone(model);
        foreach (Parameter parameter in architecture.Parameters)
        {
            parameter.Value.Fill(0f);
        }

        ModelFile.Save(architecture, architectureFile);
        return architectureFile;
    }
}
