using Veil.He.Nn.Planning;
using Veil.He.Nn.Protocol;
using Veil.He.Rlwe;
using Veil.IO;

namespace Veil.Cli.Commands.He;

/// <summary>
/// The client's key directory written by <c>veil he keys</c>: <c>parameters.veil</c>, <c>profile.veil</c> (model name,
/// packing, sizes), <c>secret.key</c> (never leaves the client) and <c>eval.keys</c> (public; give it to the server).
/// </summary>
internal static class HeKeyDirectory
{
    public const string ParametersFile = "parameters.veil";
    public const string ProfileFile = "profile.veil";
    public const string SecretKeyFile = "secret.key";
    public const string EvaluationKeysFile = "eval.keys";

    /// <summary>Writes fresh keys for <paramref name="plan"/>; returns the evaluation keys' size in bytes.</summary>
    public static long Write(string directory, InferencePlan plan)
    {
        Directory.CreateDirectory(directory);
        var client = new HeInferenceClient(plan);
        using (Stream s = File.Create(Path.Combine(directory, ParametersFile)))
        {
            plan.Parameters.WriteTo(s);
        }

        using (Stream s = File.Create(Path.Combine(directory, ProfileFile)))
        {
            plan.ClientProfile.WriteTo(s, plan.Parameters);
        }

        string secretPath = Path.Combine(directory, SecretKeyFile);
        using (Stream s = PrivateFile.Create(secretPath))
        {
            client.SecretKey.WriteTo(s);
        }

        string evalPath = Path.Combine(directory, EvaluationKeysFile);
        using (Stream s = File.Create(evalPath))
        {
            client.GenerateEvaluationKeys().WriteTo(s);
        }

        return new FileInfo(evalPath).Length;
    }

    /// <summary>Opens the client of a key directory.</summary>
    /// <exception cref="CliUsageException">The directory or one of its files is missing.</exception>
    public static HeInferenceClient OpenClient(string directory)
    {
        Parameters parameters = Read(directory, ParametersFile, (s, p) => Parameters.ReadFrom(s, p));
        ClientProfile profile = Read(directory, ProfileFile, (s, p) => ClientProfile.ReadFrom(s, parameters, p));
        SecretKey key = Read(directory, SecretKeyFile, (s, p) => SecretKey.ReadFrom(s, parameters, p));
        return new HeInferenceClient(parameters, profile, key);
    }

    private static T Read<T>(string directory, string name, Func<Stream, string, T> read) =>
        HeInferenceCommands.ReadFile(Path.Combine(directory, name), read, " --keys must be a directory written by 'veil he keys'.");
}
