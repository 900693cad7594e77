namespace Veil.Federated.Orleans;

/// <summary>The coordinator grain: the global weights and the open round, in memory (a production deployment would
/// add Orleans grain persistence).</summary>
/// <remarks>Thread-safety: Orleans runs one call at a time per activation.</remarks>
internal sealed class CoordinatorGrain : Grain, ICoordinatorGrain
{
    private float[] _weights = [];
    private int _round = 1, _shards = 1;

    public Task Start(float[] weights, int shards)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        _weights = [.. weights];
        _shards = shards;
        _round = 1;
        return Task.CompletedTask;
    }

    public Task<(int Round, float[] Weights)> Current() => Task.FromResult((_round, _weights));

    public Task Submit(int client, int round, float[] update, double weight)
    {
        if (round != _round)
        {
            throw new ArgumentException($"client {client} sent an update for round {round}, but round {_round} is open");
        }

        if (update is null || update.Length != _weights.Length)
        {
            throw new ArgumentException($"client {client}'s update has {update?.Length ?? 0} values, not {_weights.Length}");
        }

        return Round(_round).Submit(client, update, weight, _shards);
    }

    public async Task<PartialSum> CloseRound()
    {
        PartialSum total = await Round(_round).Close(_shards).ConfigureAwait(true);
        if (total.Count > 0 && total.Weight > 0)
        {
            float inverse = (float)(1 / total.Weight);
            for (int i = 0; i < _weights.Length; i++)
            {
                _weights[i] += total.Sum[i] * inverse;
            }
        }

        _round++;
        return total;
    }

    private IRoundGrain Round(int round) => GrainFactory.GetGrain<IRoundGrain>($"{this.GetPrimaryKeyString()}/{round}");
}
