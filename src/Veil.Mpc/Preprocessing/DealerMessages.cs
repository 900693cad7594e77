using Veil.IO;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Preprocessing;

/// <summary>The messages between the dealer and the parties, and their wire formats.</summary>
internal static class DealerMessages
{
    /// <summary>The version of the dealer protocol; both sides must agree.</summary>
    public const ushort Version = 1;

    /// <summary>Party 0 asks for a correlation.</summary>
    public const byte Request = 1;

    /// <summary>Party 0 says the session is over.</summary>
    public const byte Done = 2;

    private const uint HelloMagic = 0x524C_4456; // "VDLR"

    /// <summary>The dealer's first message to a party: the protocol version, the session size, and the party's seed.</summary>
    public static void SendHello(IMpcTransport transport, int party, int partyCount, ReadOnlySpan<byte> seed)
    {
        var writer = new PayloadWriter(64);
        writer.WriteUInt64(HelloMagic);
        writer.WriteUInt16(Version);
        writer.WriteInt32(partyCount);
        writer.WriteInt32(party);
        writer.WriteBytes(seed);
        transport.Send(party, writer.WrittenSpan);
    }

    /// <summary>Receives the dealer's hello and returns this party's seed.</summary>
    /// <exception cref="MpcProtocolException">The hello is malformed or describes another session.</exception>
    public static byte[] ReceiveHello(IMpcTransport transport, int dealer, int party, int partyCount)
    {
        var reader = new PayloadReader(transport.Receive(dealer), "the dealer's hello");
        try
        {
            if (reader.ReadUInt64() != HelloMagic)
            {
                throw new MpcProtocolException("The dealer endpoint did not send a Veil dealer hello.");
            }

            ushort version = reader.ReadUInt16();
            int count = reader.ReadInt32();
            int id = reader.ReadInt32();
            if (version != Version || count != partyCount || id != party)
            {
                throw new ParameterMismatchException(
                    $"The dealer runs protocol {version} for {count} parties and calls us party {id}; we are party {party} of {partyCount} on protocol {Version}.");
            }

            var seed = new byte[Veil.Random.AesCtrPrg.SeedSize];
            reader.ReadBytes(seed);
            reader.EnsureEnd();
            return seed;
        }
        catch (VeilFormatException ex)
        {
            throw new MpcProtocolException("Malformed dealer hello: " + ex.Message, ex);
        }
    }
}
