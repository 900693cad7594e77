using Veil.IO;
using Veil.Mpc.Preprocessing;
using Veil.Mpc.Transport;
using Veil.Random;

namespace Veil.Mpc;

/// <summary>
/// Everything one party needs to run the protocols, passed explicitly (there is no global state): its id, the party
/// count, the transport to its peers, its source of preprocessing, the fixed-point format, its random source, and
/// per-operation statistics. Shared tensors carry their context, and operations check that both operands share it.
/// </summary>
/// <remarks>
/// Creating a context runs a one-round handshake among the parties: they check that they agree on the party count
/// and fixed-point format, and each pair agrees on a seed. Input sharing expands the receivers' shares from those
/// pairwise seeds, so sharing an input costs no communication.
/// Thread-safety: not safe for concurrent use; a context belongs to one party's protocol thread.
/// </remarks>
public sealed class MpcContext : IDisposable
{
    private const ulong HelloMagic = 0x4C4C_4548_4350_4D56; // "VMPCHELL"
    private const ushort ProtocolVersion = 1;

    private readonly AesCtrStream?[] _pairwise;

    private MpcContext(IMpcTransport transport, int partyId, int partyCount, ITripleSource triples, FixedPointFormat format, IRandomSource random)
    {
        Transport = transport;
        PartyId = partyId;
        PartyCount = partyCount;
        Triples = triples;
        FixedPoint = format;
        Random = random;
        Stats = new CommunicationStats(transport, partyCount);
        _pairwise = new AesCtrStream?[partyCount];
    }

    /// <summary>This party's id, 0 .. <see cref="PartyCount"/> - 1.</summary>
    public int PartyId { get; }

    /// <summary>The number of compute parties (the dealer, if any, is not one).</summary>
    public int PartyCount { get; }

    /// <summary>The transport to the other parties (and the dealer).</summary>
    public IMpcTransport Transport { get; }

    /// <summary>This party's preprocessing.</summary>
    public ITripleSource Triples { get; }

    /// <summary>The fixed-point format of encoded reals.</summary>
    public FixedPointFormat FixedPoint { get; }

    /// <summary>This party's source of secrets (seeds).</summary>
    public IRandomSource Random { get; }

    /// <summary>Rounds, bytes and time per operation.</summary>
    public CommunicationStats Stats { get; }

    /// <summary>Sees every value this party learns (openings and outputs revealed to it), or null; for audits.</summary>
    public IOpeningObserver? OpeningObserver { get; set; }

    /// <summary>
    /// Creates party <paramref name="partyId"/>'s context and runs the handshake with the other parties.
    /// </summary>
    /// <param name="transport">This party's endpoint; the parties are endpoints 0 .. partyCount - 1.</param>
    /// <param name="partyId">This party's id.</param>
    /// <param name="partyCount">The number of compute parties (at least 2).</param>
    /// <param name="triples">This party's preprocessing; the context disposes it.</param>
    /// <param name="fixedPoint">The fixed-point format; every party must use the same.</param>
    /// <param name="random">The source of this party's seeds; <see cref="CryptoRandom"/> when null.</param>
    /// <exception cref="ParameterMismatchException">The parties disagree on the party count, format or protocol version.</exception>
    /// <exception cref="PeerFailedException">A party did not answer.</exception>
    /// <exception cref="MpcProtocolException">A party's handshake is malformed.</exception>
    public static MpcContext Create(IMpcTransport transport, int partyId, int partyCount, ITripleSource triples, FixedPointFormat fixedPoint, IRandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(triples);
        Guard.InRange(partyCount, 2, 63);
        Guard.InRange(partyId, 0, partyCount - 1);
        Guard.IsTrue(transport.LocalId == partyId && transport.EndpointCount >= partyCount, nameof(transport), "must be this party's endpoint");
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Veil's MPC wire format assumes a little-endian machine.");
        }

        var context = new MpcContext(transport, partyId, partyCount, triples, fixedPoint, random ?? new CryptoRandom());
        try
        {
            context.Handshake();
            return context;
        }
        catch
        {
            context.DisposePairwise();
            throw;
        }
    }

    /// <summary>
    /// Creates the context of a party in a session with a trusted dealer (endpoint <paramref name="partyCount"/>):
    /// waits for the dealer's seed, then runs the handshake.
    /// </summary>
    /// <exception cref="ParameterMismatchException">The dealer or a party disagrees on the session parameters.</exception>
    /// <exception cref="PeerFailedException">The dealer or a party did not answer.</exception>
    /// <exception cref="MpcProtocolException">A handshake is malformed.</exception>
    public static MpcContext CreateWithDealer(IMpcTransport transport, int partyId, int partyCount, FixedPointFormat fixedPoint)
    {
        var triples = DealerTripleSource.Connect(transport, partyId, partyCount);
        try
        {
            return Create(transport, partyId, partyCount, triples, fixedPoint);
        }
        catch
        {
            triples.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Ends the session because this party failed: tells the peers why and closes the links, so they stop at once.
    /// </summary>
    public void Abort(string reason) => Transport.Abort(reason);

    /// <summary>Ends this party's session: releases the preprocessing source (party 0 tells the dealer) and the seeds.</summary>
    /// <remarks>The transport is not disposed; its owner closes it.</remarks>
    public void Dispose()
    {
        Triples.Dispose();
        DisposePairwise();
    }

    /// <summary>The stream this party shares with <paramref name="peer"/>: both draw the same words in the same order.</summary>
    internal IRandomSource PairwiseStream(int peer) => _pairwise[peer] ?? throw new InvalidOperationException($"No stream is shared with party {peer}.");

    /// <summary>Throws unless <paramref name="party"/> is a party of this session.</summary>
    internal int CheckParty(int party, string name) => Guard.InRange(party, 0, PartyCount - 1, name);

    private void Handshake()
    {
        var seeds = new byte[PartyCount][];
        for (int peer = 0; peer < PartyCount; peer++)
        {
            if (peer == PartyId)
            {
                continue;
            }

            var writer = new PayloadWriter(64);
            writer.WriteUInt64(HelloMagic);
            writer.WriteUInt16(ProtocolVersion);
            writer.WriteInt32(PartyCount);
            writer.WriteInt32(FixedPoint.FractionalBits);
            if (peer > PartyId)
            {
                // The lower id chooses the pair's seed.
                seeds[peer] = AesCtrPrg.NewSeed();
                writer.WriteBytes(seeds[peer]);
            }

            Transport.Send(peer, writer.WrittenSpan);
        }

        for (int peer = 0; peer < PartyCount; peer++)
        {
            if (peer == PartyId)
            {
                continue;
            }

            var reader = new PayloadReader(Transport.Receive(peer), $"party {peer}'s handshake");
            try
            {
                if (reader.ReadUInt64() != HelloMagic)
                {
                    throw new MpcProtocolException($"Party {peer} did not send a Veil MPC handshake.");
                }

                ushort version = reader.ReadUInt16();
                int count = reader.ReadInt32();
                int bits = reader.ReadInt32();
                if (version != ProtocolVersion || count != PartyCount || bits != FixedPoint.FractionalBits)
                {
                    throw new ParameterMismatchException(
                        $"Party {peer} runs protocol {version} with {count} parties and {bits} fractional bits; party {PartyId} runs protocol {ProtocolVersion} with {PartyCount} parties and {FixedPoint.FractionalBits}.");
                }

                if (peer < PartyId)
                {
                    seeds[peer] = new byte[AesCtrPrg.SeedSize];
                    reader.ReadBytes(seeds[peer]);
                }

                reader.EnsureEnd();
            }
            catch (VeilFormatException ex)
            {
                throw new MpcProtocolException($"Party {peer} sent a malformed handshake: {ex.Message}", ex);
            }

            _pairwise[peer] = new AesCtrStream(seeds[peer]);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seeds[peer]);
        }
    }

    private void DisposePairwise()
    {
        foreach (var stream in _pairwise)
        {
            stream?.Dispose();
        }
    }
}
