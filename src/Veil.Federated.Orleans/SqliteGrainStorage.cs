using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace Veil.Federated.Orleans;

/// <summary>
/// Orleans grain storage in one SQLite file (<see cref="SqliteStateFile"/>): a row per (state name, grain id) holding
/// the serialized state and a version that serves as the ETag. Every write is its own transaction with synchronous
/// commits, so a state a grain has written survives the silo; a write whose ETag is stale (another activation wrote
/// since) is refused with <see cref="InconsistentStateException"/> and changes nothing. A cluster across machines
/// would register Orleans' ADO.NET provider under the same name instead; the grains do not change.
/// </summary>
/// <remarks>Thread-safety: safe for concurrent use; the file runs one operation at a time.</remarks>
internal sealed class SqliteGrainStorage(SqliteStateFile file, IGrainStorageSerializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        (long Version, byte[] Data)? row = file.Use(connection =>
        {
            using SqliteCommand command = Command(connection, null, "SELECT version, data FROM grain_state WHERE name = $name AND grain = $grain", stateName, grainId);
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : ((long, byte[])?)null;
        });
        if (row is { } found)
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(found.Data));
            grainState.ETag = Tag(found.Version);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        byte[] data = serializer.Serialize(grainState.State).ToArray();
        long version = file.Use(connection =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            long next = CheckVersion(connection, transaction, stateName, grainId, grainState.ETag) + 1;
            using SqliteCommand write = Command(connection, transaction, "INSERT OR REPLACE INTO grain_state (name, grain, version, data) VALUES ($name, $grain, $version, $data)", stateName, grainId);
            write.Parameters.AddWithValue("$version", next);
            write.Parameters.AddWithValue("$data", data);
            write.ExecuteNonQuery();
            transaction.Commit();
            return next;
        });
        grainState.ETag = Tag(version);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        file.Use(connection =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            CheckVersion(connection, transaction, stateName, grainId, grainState.ETag);
            using SqliteCommand delete = Command(connection, transaction, "DELETE FROM grain_state WHERE name = $name AND grain = $grain", stateName, grainId);
            delete.ExecuteNonQuery();
            transaction.Commit();
            return 0;
        });
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>The stored version, 0 when there is none; refuses an ETag that does not match it.</summary>
    private static long CheckVersion(SqliteConnection connection, SqliteTransaction transaction, string stateName, GrainId grainId, string? etag)
    {
        using SqliteCommand command = Command(connection, transaction, "SELECT version FROM grain_state WHERE name = $name AND grain = $grain", stateName, grainId);
        long stored = command.ExecuteScalar() is long v ? v : 0;
        string? storedTag = stored == 0 ? null : Tag(stored);
        if (storedTag != etag)
        {
            throw new InconsistentStateException($"the stored state of {grainId} ({stateName}) is version {storedTag ?? "none"}, not {etag ?? "none"}: another activation wrote it", storedTag, etag);
        }

        return stored;
    }

    private static string Tag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, string stateName, GrainId grainId)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$name", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        return command;
    }
}
