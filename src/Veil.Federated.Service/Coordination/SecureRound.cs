using System.Diagnostics;
using System.Security.Cryptography;
using Veil.Federated.SecureAggregation;

namespace Veil.Federated.Service.Coordination;

/// <summary>
/// One round of secure aggregation between networked clients: a <see cref="SecAggServer"/> over the round's graph
/// (complete, or SecAgg+'s sparse graph seeded by the session id), whose steps close when
/// every client still in has answered, or when the step timeout passes with at least the threshold in (the others
/// count as dropped). Too few by the timeout aborts the round, and the coordinator starts it again with a new session.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use; the coordinator calls it under its lock.</remarks>
internal sealed class SecureRound
{
    private readonly SecAggServer _server;
    private readonly TimeSpan _stepTimeout;
    private readonly Stopwatch _stepClock = Stopwatch.StartNew();
    private readonly HashSet<int> _expected;
    private readonly HashSet<int> _answered = [];
    private IReadOnlyList<KeyAdvertisement>? _advertisements;
    private UnmaskRequest? _unmaskRequest;

    /// <summary>Opens the round over <paramref name="participants"/> with a fresh random session id; the masking graph
    /// is SecAgg+'s of <paramref name="degree"/> seeded by the session id (complete when 0).</summary>
    public SecureRound(IReadOnlyList<int> participants, int vectorLength, int degree, TimeSpan stepTimeout)
    {
        SessionId = RandomNumberGenerator.GetBytes(16);
        Participants = [.. participants.Order()];
        Round = new SecAggRound(SessionId, SecAggGraph.For(Participants, degree, SecAggGraph.SeedOf(SessionId)), vectorLength);
        _server = new SecAggServer(Round);
        _stepTimeout = stepTimeout;
        _expected = [.. Participants];
    }

    public enum Step
    {
        Advertise,
        Share,
        Mask,
        Unmask,
        Finished,
        Aborted,
    }

    public byte[] SessionId { get; }

    public int[] Participants { get; }

    public SecAggRound Round { get; }

    public Step Current { get; private set; } = Step.Advertise;

    /// <summary>The sum, once <see cref="Current"/> is <see cref="Step.Finished"/>.</summary>
    public uint[]? Sum { get; private set; }

    /// <summary>True when <paramref name="client"/> has answered the current step.</summary>
    public bool HasAnswered(int client) => _answered.Contains(client);

    /// <summary>Clients whose inputs are in the sum.</summary>
    public int Included => _server.Survivors.Count;

    public void Advertise(KeyAdvertisement message) => Accept(Step.Advertise, message.Client, () => _server.Receive(message));

    public IReadOnlyList<KeyAdvertisement>? Advertisements()
    {
        Progress();
        return Current > Step.Advertise && Current != Step.Aborted ? _advertisements : null;
    }

    public void ShareKeys(ShareKeysMessage message) => Accept(Step.Share, message.Client, () => _server.Receive(message));

    public IReadOnlyList<EncryptedShare>? SharesFor(int client)
    {
        Progress();
        return Current > Step.Share && Current != Step.Aborted ? _server.SharesFor(client) : null;
    }

    public void Masked(MaskedInputMessage message) => Accept(Step.Mask, message.Client, () => _server.Receive(message));

    public UnmaskRequest? UnmaskList()
    {
        Progress();
        return Current > Step.Mask && Current != Step.Aborted ? _unmaskRequest : null;
    }

    public void Unmask(UnmaskMessage message) => Accept(Step.Unmask, message.Client, () => _server.Receive(message));

    /// <summary>Closes the current step when everyone expected answered, or on timeout; finishes or aborts.</summary>
    public void Progress()
    {
        while (Current < Step.Finished && (_answered.SetEquals(_expected) || _stepClock.Elapsed >= _stepTimeout))
        {
            try
            {
                switch (Current)
                {
                    case Step.Advertise:
                        _advertisements = _server.FinishAdvertising();
                        break;
                    case Step.Share:
                        _server.FinishSharing();
                        break;
                    case Step.Mask:
                        _unmaskRequest = _server.FinishMasking();
                        break;
                    case Step.Unmask:
                        Sum = _server.Finish();
                        break;
                }
            }
            catch (SecAggException)
            {
                Current = Step.Aborted; // too few answered in time: the coordinator restarts the round
                return;
            }

            _expected.Clear();
            _expected.UnionWith(_answered);
            if (Current == Step.Mask)
            {
                // Only survivors are asked to unmask.
                _expected.IntersectWith(_unmaskRequest!.Survivors);
            }

            _answered.Clear();
            _stepClock.Restart();
            Current++;
        }
    }

    private void Accept(Step step, int client, Action receive)
    {
        Progress();
        if (Current == Step.Aborted)
        {
            throw new CoordinatorException($"client {client}'s message belongs to an earlier session: the round restarted");
        }

        if (Current != step)
        {
            throw new CoordinatorException($"client {client}'s secure-aggregation message for step {step} arrived during step {Current}");
        }

        if (!_expected.Contains(client))
        {
            throw new CoordinatorException($"client {client} is not expected in step {step} of this round");
        }

        try
        {
            receive();
        }
        catch (SecAggException e)
        {
            throw new CoordinatorException(e.Message, e);
        }

        _answered.Add(client);
        Progress();
    }
}
