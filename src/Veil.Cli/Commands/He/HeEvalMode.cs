using System.CommandLine;
using Veil.Cli.Commands.Nn;
using Veil.He.Nn;
using Veil.Nn.Inference;

namespace Veil.Cli.Commands.He;

/// <summary><c>veil eval --mode latency|batch</c>: the packing of the <c>he</c> backend.</summary>
internal static class HeEvalMode
{
    public static Option<string?> Option()
    {
        var mode = new Option<string?>("--mode") { Description = "With --backend he: batch (SIMD across images) or latency (one image across the slots); default: batch, and latency for single images." };
        NnOptions.OneOf(mode, ["batch", "latency"], "mode");
        return mode;
    }

    /// <summary>The backend in the requested mode, and the mode's name (null for backends without modes).</summary>
    /// <exception cref="CliUsageException">--mode was given for a backend that has no modes.</exception>
    public static (IInferenceBackend Backend, string? Mode) Apply(IInferenceBackend backend, string? mode)
    {
        if (backend is HeBackend he)
        {
            HeBackend chosen = he.WithMode(mode is null ? null : HeInferenceCommands.ParseMode(mode));
            return (chosen, mode ?? "auto");
        }

        return mode is null ? (backend, null) : throw new CliUsageException($"--mode applies to --backend he, not '{backend.Name}'.");
    }
}
