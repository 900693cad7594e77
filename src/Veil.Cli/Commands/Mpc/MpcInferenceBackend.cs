using Veil.Mpc.Deployment;
using Veil.Mpc.Nn;
using Veil.Nn;
using Veil.Nn.Inference;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// The "mpc" inference backend: the data owner, the model owner and (with <see cref="PreprocessingKind.Dealer"/>) the
/// dealer run as separate local processes, connected over mutually authenticated TLS 1.3 for the whole session
/// (<see cref="MpcServingSession"/>); only the data owner learns the predicted classes.
/// </summary>
/// <remarks>Thread-safety: immutable; sessions are not thread-safe.</remarks>
internal sealed class MpcInferenceBackend(PreprocessingKind preprocessing = PreprocessingKind.Dealer) : IInferenceBackend
{
    public string Name => "mpc";

    public string Description => "secure two-party computation: data owner, model owner and dealer as processes over TLS";

    public int DemoImages => 100;

    /// <summary>Where the session's correlations come from.</summary>
    public PreprocessingKind Preprocessing => preprocessing;

    public bool Supports(Sequential model, out string reason) => SecureModel.Supports(Guard.NotNull(model), out reason);

    public IInferenceSession Open(Sequential model) => new MpcServingSession(Guard.NotNull(model), preprocessing);

    /// <summary>The backend with the preprocessing an option names (null: the dealer), and that name for reports.</summary>
    /// <exception cref="CliUsageException">--preprocessing was given for another backend.</exception>
    public static (IInferenceBackend Backend, string? Preprocessing) Apply(IInferenceBackend backend, string? preprocessing)
    {
        if (backend is MpcInferenceBackend)
        {
            PreprocessingKind kind = MpcCommand.Preprocessing(preprocessing);
            return (new MpcInferenceBackend(kind), kind.Name());
        }

        return preprocessing is null ? (backend, null) : throw new CliUsageException($"--preprocessing applies to --backend mpc, not '{backend.Name}'.");
    }
}
