using Veil.Mpc.Nn;
using Veil.Nn;
using Veil.Nn.Inference;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// The "mpc" inference backend: two parties and the dealer run as separate local processes over mutually
/// authenticated TLS 1.3; party 0 owns the model, party 1 the images, and only party 1 (the caller's side) learns the
/// predicted classes. The logits stay shared, so the session fills each row with a one-hot vector of the class.
/// </summary>
/// <remarks>Thread-safety: stateless; sessions are not thread-safe.</remarks>
internal sealed class MpcInferenceBackend : IInferenceBackend
{
    public string Name => "mpc";

    public string Description => "secure two-party computation: model owner, data owner and dealer as processes over TLS";

    public int DemoImages => 100;

    public bool Supports(Sequential model, out string reason) => SecureModel.Supports(Guard.NotNull(model), out reason);

    public IInferenceSession Open(Sequential model) => new MpcInferenceSession(Guard.NotNull(model), repeat: 0, batch: 128);
}
