namespace Veil.Federated.Orleans;

/// <summary>The coordinator grain: the global weights and the open round, kept in grain storage. A round closes in
/// three steps, each safe to crash after: the shards' sums are read (not cleared), the new weights and the next round
/// are written, and only then are the shards cleared.</summary>
/// <remarks>Thread-safety: Orleans runs one call at a time per activation.</remarks>
internal sealed class CoordinatorGrain(
    [PersistentState("coordinator", OrleansCluster.StorageName)] IPersistentState<CoordinatorState> state) : DurableGrain, ICoordinatorGrain
{
    public async Task Start(float[] weights, int shards)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        if (state.RecordExists)
        {
            throw new InvalidOperationException($"federation {this.GetPrimaryKeyString()} has already started (round {state.State.Round} is open)");
        }

        state.State = new CoordinatorState { Weights = [.. weights], Shards = shards, Round = 1 };
        await WriteOrReload(state).ConfigureAwait(true);
    }

    public Task<(int Round, float[] Weights)> Current() => Task.FromResult((state.State.Round, state.State.Weights));

    public Task Submit(int client, int round, float[] update, double weight)
    {
        CoordinatorState current = state.State;
        if (round != current.Round)
        {
            throw new ArgumentException($"client {client} sent an update for round {round}, but round {current.Round} is open");
        }

        if (update is null || update.Length != current.Weights.Length)
        {
            throw new ArgumentException($"client {client}'s update has {update?.Length ?? 0} values, not {current.Weights.Length}");
        }

        return Round(current.Round).Submit(client, update, weight, current.Shards);
    }

    public async Task<PartialSum> CloseRound()
    {
        CoordinatorState current = state.State;
        int closing = current.Round;
        PartialSum total = await Round(closing).Close(current.Shards).ConfigureAwait(true);
        if (total.Count > 0 && total.Weight > 0)
        {
            float inverse = (float)(1 / total.Weight);
            for (int i = 0; i < current.Weights.Length; i++)
            {
                current.Weights[i] += total.Sum[i] * inverse;
            }
        }

        current.Round = closing + 1;
        await WriteOrReload(state).ConfigureAwait(true);
        await Round(closing).Discard(current.Shards).ConfigureAwait(true);
        return total;
    }


    private IRoundGrain Round(int round) => GrainFactory.GetGrain<IRoundGrain>($"{this.GetPrimaryKeyString()}/{round}");
}
