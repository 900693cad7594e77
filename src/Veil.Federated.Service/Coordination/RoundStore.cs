using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Veil.Federated.Service.Coordination;

/// <summary>
/// The coordinator's durable state in SQLite: the federation's fingerprint, each round's starting weights, and every
/// accepted update, each written in its own transaction before the client is told it was accepted. A coordinator
/// restarted on the same file resumes the open round with the updates it had accepted.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use; the coordinator serializes calls.</remarks>
internal sealed class RoundStore : IDisposable
{
    private readonly SqliteConnection _connection;

    public RoundStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS global (round INTEGER PRIMARY KEY, weights BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS updates (round INTEGER NOT NULL, client INTEGER NOT NULL, weight REAL NOT NULL,
                payload BLOB NOT NULL, PRIMARY KEY (round, client));
            """);
    }

    public string? GetMeta(string key)
    {
        using SqliteCommand command = Command("SELECT value FROM meta WHERE key = $key", ("$key", key));
        return command.ExecuteScalar() as string;
    }

    public void SetMeta(string key, string value)
    {
        using SqliteCommand command = Command("INSERT OR REPLACE INTO meta (key, value) VALUES ($key, $value)", ("$key", key), ("$value", value));
        command.ExecuteNonQuery();
    }

    /// <summary>The latest round with stored starting weights, or null for a new store.</summary>
    public (int Round, float[] Weights)? LatestGlobal()
    {
        using SqliteCommand command = Command("SELECT round, weights FROM global ORDER BY round DESC LIMIT 1");
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt32(0), ToFloats((byte[])reader[1])) : null;
    }

    public void SaveGlobal(int round, ReadOnlySpan<float> weights)
    {
        using SqliteCommand command = Command("INSERT OR REPLACE INTO global (round, weights) VALUES ($round, $weights)",
            ("$round", round), ("$weights", MemoryMarshal.AsBytes(weights).ToArray()));
        command.ExecuteNonQuery();
    }

    /// <summary>Stores an accepted update; false when the client already has one for the round.</summary>
    public bool TryAddUpdate(int round, int client, double weight, ReadOnlySpan<float> update)
    {
        using SqliteCommand command = Command(
            "INSERT OR IGNORE INTO updates (round, client, weight, payload) VALUES ($round, $client, $weight, $payload)",
            ("$round", round), ("$client", client), ("$weight", weight), ("$payload", MemoryMarshal.AsBytes(update).ToArray()));
        return command.ExecuteNonQuery() == 1;
    }

    public List<(int Client, double Weight, float[] Update)> Updates(int round)
    {
        using SqliteCommand command = Command("SELECT client, weight, payload FROM updates WHERE round = $round ORDER BY client", ("$round", round));
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<(int, double, float[])>();
        while (reader.Read())
        {
            list.Add((reader.GetInt32(0), reader.GetDouble(1), ToFloats((byte[])reader[2])));
        }

        return list;
    }

    public void Dispose() => _connection.Dispose();

    private static float[] ToFloats(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    private void Execute(string sql)
    {
        using SqliteCommand command = Command(sql);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
