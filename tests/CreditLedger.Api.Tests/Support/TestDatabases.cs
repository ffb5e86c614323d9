using CreditLedger.Api.Database;
using Npgsql;

namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// Real PostgreSQL for every test class: the schema is migrated once per run into a template database, and
/// each class gets its own clone (CREATE DATABASE … TEMPLATE …). Ledger rows can never be deleted, so clones,
/// not truncation, keep tests apart. The server comes from <see cref="TestPostgres"/>.
/// </summary>
public static class TestDatabases
{
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    /// <summary>
    /// Held for the whole run on its own connection: another run (another checkout, another process) sees this run is
    /// alive and leaves its databases alone; a run killed without cleaning up loses it, and its databases are dropped.
    /// </summary>
    private static NpgsqlConnection? aliveLock;

    /// <summary>The server's owner connection (resolved by <see cref="TestPostgres"/> before the first clone).</summary>
    public static string OwnerConnection => TestPostgres.ConnectionsAsync().GetAwaiter().GetResult().Owner;

    public static string AppConnection => TestPostgres.ConnectionsAsync().GetAwaiter().GetResult().App;

    public static async Task<string> CloneAsync()
    {
        await TestPostgres.ConnectionsAsync();
        var template = await Template.Value;
        var name = $"cltest_{RunId}_{Guid.NewGuid():N}"[..40];
        await ExecuteAsync(OwnerConnection, $"CREATE DATABASE {name} TEMPLATE {template}");
        return name;
    }

    /// <summary>
    /// Drops a test database once its sessions are gone. The service's connections are closed when its factory is
    /// disposed, but their server processes exit a moment later, and the owner role may not terminate the runtime
    /// role's sessions (which DROP … WITH (FORCE) would try); so wait for them to end, up to 30 s.
    /// </summary>
    public static async Task DropAsync(string name)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ExecuteAsync(OwnerConnection, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 300)
            {
                await WaitForNoSessionsAsync(name);
            }
        }
    }

    private static async Task WaitForNoSessionsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(OwnerConnection) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = $1", connection);
        command.Parameters.AddWithValue(name);
        // Up to 30 s: sessions of the owner role itself (a test's own connection) never end by waiting, but the next
        // DROP … WITH (FORCE) may terminate them once the runtime role's sessions are gone.
        for (var poll = 0; poll < 300 && (long)(await command.ExecuteScalarAsync())! > 0; poll++)
        {
            await Task.Delay(100); // polling a condition the server reports, not a guess at timing
        }
    }

    public static string For(string baseConnection, string database) =>
        new NpgsqlConnectionStringBuilder(baseConnection) { Database = database }.ConnectionString;

    private static async Task<string> CreateTemplateAsync()
    {
        aliveLock = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(For(OwnerConnection, "postgres")) { Pooling = false }.ConnectionString);
        await aliveLock.OpenAsync();
        await using (var hold = new NpgsqlCommand("SELECT pg_advisory_lock($1)", aliveLock) { Parameters = { new() { Value = RunKey(RunId) } } })
        {
            await hold.ExecuteNonQueryAsync();
        }

        await DropLeftoversAsync();
        var name = $"cltest_{RunId}_template";
        await ExecuteAsync(OwnerConnection, $"CREATE DATABASE {name}");
        var owner = new NpgsqlConnectionStringBuilder(For(OwnerConnection, name)) { Pooling = false }.ConnectionString;
        await ExecuteAsync(owner, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        await MigrationRunner.ApplyAsync(owner);
        return name;
    }

    /// <summary>
    /// Databases of earlier runs that did not finish (a killed run leaves them behind): those whose run no longer holds its
    /// alive lock. A run still going, from this checkout or another, keeps its databases.
    /// </summary>
    private static async Task DropLeftoversAsync()
    {
        var names = new List<string>();
        await using (var command = new NpgsqlCommand("""
            SELECT datname FROM pg_database
            WHERE datname LIKE 'cltest\_%' AND datname NOT LIKE $1
              AND CASE WHEN substr(datname, 8, 8) ~ '^[0-9a-f]{8}$'
                       THEN pg_try_advisory_lock($2 | ('x' || substr(datname, 8, 8))::bit(32)::bigint) ELSE true END
            """, aliveLock) { Parameters = { new() { Value = $"cltest\\_{RunId}%" }, new() { Value = RunKey("00000000") } } })
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names.OrderByDescending(n => n.EndsWith("template", StringComparison.Ordinal) ? 0 : 1))
        {
            await DropAsync(name);
        }
    }

    /// <summary>The advisory-lock key of a run: a fixed tag ("CLte") in the high half, the run id's 32 bits in the low half.</summary>
    private static long RunKey(string runId) => 0x434C_7465_0000_0000L | long.Parse(runId, System.Globalization.NumberStyles.HexNumber);

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
