using Veil.Mpc.Nn;
using Veil.Nn;
using Veil.Nn.Inference;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// The "mpc" inference backend: the model owner and the dealer run as separate local processes, the caller's process
/// is the data owner, all connected over mutually authenticated TLS 1.3 for the whole session
/// (<see cref="MpcServingSession"/>); only the caller learns the predicted classes.
/// </summary>
/// <remarks>Thread-safety: stateless; sessions are not thread-safe.</remarks>
internal sealed class MpcInferenceBackend : IInferenceBackend
{
    public string Name => "mpc";

    public string Description => "secure two-party computation: model owner, data owner and dealer as processes over TLS";

    public int DemoImages => 100;

    public bool Supports(Sequential model, out string reason) => SecureModel.Supports(Guard.NotNull(model), out reason);

    public IInferenceSession Open(Sequential model) => new MpcServingSession(Guard.NotNull(model));
}
