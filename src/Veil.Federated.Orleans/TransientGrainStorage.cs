using Orleans.Storage;

namespace Veil.Federated.Orleans;

/// <summary>
/// The grain storage of a cluster without a state file: nothing is stored, reads find no record, so each grain keeps
/// its state in its activation only and loses it with the silo (or when the activation is collected). It costs
/// nothing per update, which is what the throughput benchmark measures by default; <see cref="SqliteGrainStorage"/>
/// is the durable choice.
/// </summary>
/// <remarks>Thread-safety: stateless; safe for concurrent use.</remarks>
internal sealed class TransientGrainStorage : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
