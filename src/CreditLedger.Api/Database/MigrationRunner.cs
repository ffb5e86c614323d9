using System.Reflection;
using Npgsql;

namespace CreditLedger.Api.Database;

/// <summary>
/// Applies the embedded SQL migrations in name order, each in its own transaction, recorded in
/// <c>schema_migrations</c>. A session advisory lock makes concurrent starts take turns, so only one applies.
/// </summary>
public static class MigrationRunner
{
    private const long LockKey = 0x4C_45_44_47_45_52; // "LEDGER"

    public static async Task<IReadOnlyList<string>> ApplyAsync(string ownerConnectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection,
                "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken);
            var applied = new List<string>();
            foreach (var (name, sql) in Embedded())
            {
                if (await IsAppliedAsync(connection, name, cancellationToken))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, sql, cancellationToken);
                await using (var record = Sql.Command(connection, "INSERT INTO schema_migrations (name) VALUES ($1)", name))
                {
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                applied.Add(name);
            }

            return applied;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private static IEnumerable<(string Name, string Sql)> Embedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "CreditLedger.Api.Database.Migrations.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (resource[prefix.Length..], reader.ReadToEnd());
        }
    }

    private static async Task<bool> IsAppliedAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, "SELECT 1 FROM schema_migrations WHERE name = $1", name);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        // No command timeout: a migration that backfills a large ledger takes as long as it takes.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
