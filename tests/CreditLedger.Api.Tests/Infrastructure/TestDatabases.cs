using CreditLedger.Api.Database;
using Npgsql;

namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL for every test class: the schema is migrated once per run into a template database, and
/// each class gets its own clone (CREATE DATABASE … TEMPLATE …). Ledger rows can never be deleted, so clones,
/// not truncation, keep tests apart. Connection strings come from scripts/test.sh.
/// </summary>
public static class TestDatabases
{
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    public static string OwnerConnection { get; } = Required("CREDITLEDGER_TEST_OWNER_CONNECTION");

    public static string AppConnection { get; } = Required("CREDITLEDGER_TEST_APP_CONNECTION");

    public static async Task<string> CloneAsync()
    {
        var template = await Template.Value;
        var name = $"cltest_{RunId}_{Guid.NewGuid():N}"[..40];
        await ExecuteAsync(OwnerConnection, $"CREATE DATABASE {name} TEMPLATE {template}");
        return name;
    }

    public static Task DropAsync(string name) => ExecuteAsync(OwnerConnection, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    public static string For(string baseConnection, string database) =>
        new NpgsqlConnectionStringBuilder(baseConnection) { Database = database }.ConnectionString;

    private static async Task<string> CreateTemplateAsync()
    {
        await DropLeftoversAsync();
        var name = $"cltest_{RunId}_template";
        await ExecuteAsync(OwnerConnection, $"CREATE DATABASE {name}");
        var owner = new NpgsqlConnectionStringBuilder(For(OwnerConnection, name)) { Pooling = false }.ConnectionString;
        await ExecuteAsync(owner, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        await MigrationRunner.ApplyAsync(owner);
        return name;
    }

    /// <summary>Databases of earlier runs that did not finish (a killed run leaves them behind).</summary>
    private static async Task DropLeftoversAsync()
    {
        var names = new List<string>();
        await using (var connection = new NpgsqlConnection(OwnerConnection))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT datname FROM pg_database WHERE datname LIKE 'cltest\\_%' AND datname NOT LIKE $1", connection);
            command.Parameters.AddWithValue($"cltest\\_{RunId}%");
            await using var reader = await command.ExecuteReaderAsync();
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

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable)
        ?? throw new InvalidOperationException($"{variable} is not set: run the tests with scripts/test.sh, which provisions PostgreSQL.");
}
