using Veil.Mpc.Deployment;
using Veil.Mpc.He;
using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Nn.Tests;

/// <summary>Local sessions with each kind of preprocessing: the trusted dealer, oblivious transfer, or linear HE over OT.</summary>
internal static class Preprocessings
{
    public static LocalSessionOptions Options(string kind, TimeSpan? receiveTimeout = null) => new()
    {
        ReceiveTimeout = receiveTimeout ?? TimeSpan.FromMinutes(2),
        Preprocessing = kind switch
        {
            "dealer" => null,
            "ot" => (transport, party) => OtTripleSource.Connect(transport, party),
            "he" => (transport, party) => HeTripleSource.Connect(transport, party, OtTripleSource.Connect(transport, party)),
            _ => throw new ArgumentException($"unknown preprocessing {kind}", nameof(kind)),
        },
    };
}
