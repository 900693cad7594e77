using Microsoft.Data.Sqlite;

namespace Veil.Federated.Orleans;

/// <summary>
/// The SQLite file behind <see cref="SqliteGrainStorage"/>: one open connection in WAL mode, shared by the storage
/// of every silo of a cluster in this process, with a lock that runs one statement group at a time. (Separate
/// connections would contend for SQLite's single writer and back off in sleeps; one connection and a lock keep each
/// write to its own cost.)
/// </summary>
/// <remarks>Thread-safety: safe for concurrent use through <see cref="Use{T}"/>.</remarks>
internal sealed class SqliteStateFile : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    /// <summary>Opens (or creates) the store at <paramref name="path"/>.</summary>
    /// <exception cref="SqliteException">The file cannot be opened as a SQLite database.</exception>
    public SqliteStateFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        _connection.Open();
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS grain_state (name TEXT NOT NULL, grain TEXT NOT NULL, version INTEGER NOT NULL,
                data BLOB NOT NULL, PRIMARY KEY (name, grain));
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="action"/> on the connection, alone.</summary>
    public T Use<T>(Func<SqliteConnection, T> action)
    {
        lock (_lock)
        {
            return action(_connection);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }
}
