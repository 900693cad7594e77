using System.CommandLine;
using Veil.Nn;
using Veil.Nn.Serialization;
using Veil.Nn.Zoo;

namespace Veil.Cli.Commands.Nn;

/// <summary>The options the neural-network commands share, and how they turn into a model.</summary>
internal static class NnOptions
{
    public static Option<string?> Model(string description) => new("--model", "-m") { Description = description, HelpName = "NAME" };

    public static Option<string?> ModelFile() => new("--model-file") { Description = "A model file written by 'veil train'.", HelpName = "FILE" };

    public static Option<int> Limit(string description) => new("--limit") { Description = description, HelpName = "N" };

    /// <summary><c>--onnx FILE</c>: a model in ONNX format, imported on the fly.</summary>
    public static Option<string?> Onnx() => new("--onnx") { Description = "A model in ONNX format (opsets 9–21), imported on the fly.", HelpName = "FILE" };

    /// <summary>Loads the model named by <c>--model</c> (a shipped model), <c>--model-file</c> or <c>--onnx</c>;
    /// exactly one must be given.</summary>
    /// <exception cref="CliUsageException">None or several are given.</exception>
    /// <exception cref="VeilException">The shipped model does not exist, or the file is not a valid model or cannot be
    /// imported.</exception>
    public static Sequential LoadModel(string? name, string? file, string? onnx = null)
    {
        if ((name is null ? 0 : 1) + (file is null ? 0 : 1) + (onnx is null ? 0 : 1) != 1)
        {
            throw new CliUsageException("give exactly one of --model NAME (a shipped model), --model-file FILE" + (onnx is null ? "." : " or --onnx FILE."));
        }

        return name is not null ? ShippedModels.Load(name)
            : file is not null ? Veil.Nn.Serialization.ModelFile.Load(file)
            : Veil.Onnx.OnnxImporter.Import(onnx!).Model;
    }

    /// <summary>Accepts only <paramref name="allowed"/> values, with a one-line error that lists them
    /// (System.CommandLine's own check spreads the list over several lines).</summary>
    public static void OneOf<T>(Option<T> option, IReadOnlyCollection<string> allowed, string what)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!allowed.Contains(token.Value))
                {
                    result.AddError($"unknown {what} '{token.Value}'; choose from {string.Join(", ", allowed)}");
                }
            }
        });
    }

    /// <summary>Throws a usage error unless <paramref name="value"/> is at least <paramref name="minimum"/>.</summary>
    public static int AtLeast(int value, int minimum, string option) =>
        value >= minimum ? value : throw new CliUsageException($"{option} must be at least {minimum}; got {value}.");
}
