using Veil.Federated.SecureAggregation;

namespace Veil.Federated.Orleans;

/// <summary>How a <see cref="SecAggException"/> crosses from a grain to its caller: its message (Veil.Federated knows
/// nothing of Orleans, so the exception carries no serializer of its own).</summary>
/// <remarks>Thread-safety: a value.</remarks>
[GenerateSerializer]
internal struct SecAggExceptionSurrogate
{
    [Id(0)] public string Message;
}

/// <summary>Converts <see cref="SecAggException"/> to and from its surrogate, so a refused message reaches the caller
/// as the same typed exception.</summary>
/// <remarks>Thread-safety: stateless.</remarks>
[RegisterConverter]
internal sealed class SecAggExceptionConverter : IConverter<SecAggException, SecAggExceptionSurrogate>
{
    public SecAggException ConvertFromSurrogate(in SecAggExceptionSurrogate surrogate) => new(surrogate.Message);

    public SecAggExceptionSurrogate ConvertToSurrogate(in SecAggException value) => new() { Message = value.Message };
}
