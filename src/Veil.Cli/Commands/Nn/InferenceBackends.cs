using Veil.Nn.Inference;

namespace Veil.Cli.Commands.Nn;

/// <summary>
/// The inference backends <c>veil eval --backend</c> and <c>veil demo</c> offer, in table order. This is the
/// composition root's list: an engine's adapter adds its backend here with one line.
/// </summary>
internal static class InferenceBackends
{
    /// <summary>Every registered backend; the first is the default.</summary>
    public static IReadOnlyList<IInferenceBackend> Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return
        [
            new PlainBackend(),
            new Mpc.MpcInferenceBackend(),
            new Veil.He.Nn.HeBackend(),
        ];
    }
}
