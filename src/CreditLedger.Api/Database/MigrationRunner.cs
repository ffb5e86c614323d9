using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace CreditLedger.Api.Database;

/// <summary>
/// Applies the embedded SQL migrations in name order, each in its own transaction, recorded in
/// <c>schema_migrations</c> with the SHA-256 of its text. A session advisory lock makes concurrent starts take turns, so
/// only one applies. An applied migration whose text changed since stops the start (<see cref="MigrationEditedException"/>):
/// the database was built from the text it recorded, so an edit would never run and the code would lie about the schema.
/// A database migrated before checksums were kept gets them recorded on its first start (ADR 16).
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
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
                ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text;
                """, cancellationToken);
            var recorded = await RecordedAsync(connection, cancellationToken);
            var applied = new List<string>();
            foreach (var (name, sql) in Embedded())
            {
                var checksum = Checksum(sql);
                if (recorded.TryGetValue(name, out var kept))
                {
                    await VerifyAsync(connection, name, kept, checksum, cancellationToken);
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, sql, cancellationToken);
                await using (var record = Sql.Command(connection, "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", name, checksum))
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

    /// <summary>
    /// <c>migrate</c>: applies what is pending with the owner's credentials and exits, so the instances can run with
    /// <c>CreditLedger:MigrateOnStart=false</c> and the runtime role only. Exit code 1 when an applied migration was edited.
    /// </summary>
    public static async Task<int> RunCommandAsync(IConfiguration configuration)
    {
        try
        {
            var applied = await ApplyAsync(DatabaseSetup.OwnerConnectionString(configuration));
            Console.WriteLine(applied.Count == 0 ? "The database is up to date; no migration was pending." : $"Applied: {string.Join(", ", applied)}");
            return 0;
        }
        catch (MigrationEditedException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    /// <summary>The text's SHA-256 (hex), line endings normalised so a checkout with CRLF files computes the same.</summary>
    public static string Checksum(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    private static async Task VerifyAsync(NpgsqlConnection connection, string name, string? kept, string checksum, CancellationToken ct)
    {
        if (kept is null)
        {
            // Applied before checksums were kept: the text it has now becomes its record.
            await using var baseline = Sql.Command(connection, "UPDATE schema_migrations SET checksum = $2 WHERE name = $1 AND checksum IS NULL", name, checksum);
            await baseline.ExecuteNonQueryAsync(ct);
        }
        else if (kept != checksum)
        {
            throw new MigrationEditedException(name, kept, checksum);
        }
    }

    private static async Task<Dictionary<string, string?>> RecordedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT name, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var recorded = new Dictionary<string, string?>();
        while (await reader.ReadAsync(ct))
        {
            recorded[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return recorded;
    }

    internal static IEnumerable<(string Name, string Sql)> Embedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "CreditLedger.Api.Database.Migrations.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (resource[prefix.Length..], reader.ReadToEnd());
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        // No command timeout: a migration that backfills a large ledger takes as long as it takes.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>An applied migration's text no longer matches what was applied: restore it and put the change in a new migration.</summary>
public sealed class MigrationEditedException(string name, string applied, string current) : Exception(
    $"Migration {name} was changed after it was applied (applied SHA-256 {applied[..12]}…, the file now {current[..12]}…). " +
    "The database was built from the applied text; restore the file and put the change in a new migration.");
