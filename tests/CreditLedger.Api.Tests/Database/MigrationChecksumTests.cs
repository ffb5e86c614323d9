using System.Security.Cryptography;
using System.Text;
using CreditLedger.Api.Database;
using Microsoft.Extensions.Configuration;

namespace CreditLedger.Api.Tests.Database;

/// <summary>Each applied migration keeps the SHA-256 of its text; an edited one stops the start instead of going unnoticed.</summary>
public class MigrationChecksumTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    private static readonly string Folder = Path.Combine(Repository.Root, "src", "CreditLedger.Api", "Database", "Migrations");

    /// <summary>Computed here from the files in the checkout, not by the runner under test.</summary>
    private static Dictionary<string, string> FileChecksums() => Directory.GetFiles(Folder, "*.sql").ToDictionary(
        f => Path.GetFileName(f)!,
        f => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(f).ReplaceLineEndings("\n")))));

    private async Task<Dictionary<string, string?>> Recorded()
    {
        await using var connection = await api.OpenOwnerConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT name, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var recorded = new Dictionary<string, string?>();
        while (await reader.ReadAsync())
        {
            recorded[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return recorded;
    }

    private async Task Execute(string sql)
    {
        await using var connection = await api.OpenOwnerConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Every_applied_migration_records_the_checksum_of_its_file()
    {
        (await Recorded()).ShouldBe(FileChecksums().Select(f => new KeyValuePair<string, string?>(f.Key, f.Value)), ignoreOrder: true);
    }

    [Fact]
    public async Task A_migration_changed_after_it_was_applied_stops_the_start_and_the_migrate_command()
    {
        await Execute("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE name = '0012_spend_limits.sql'");
        try
        {
            var error = await Should.ThrowAsync<MigrationEditedException>(() => MigrationRunner.ApplyAsync(api.OwnerConnection));
            error.Message.ShouldContain("0012_spend_limits.sql was changed after it was applied");
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:LedgerOwner"] = api.OwnerConnection }).Build();
            (await MigrationRunner.RunCommandAsync(configuration)).ShouldBe(1);
        }
        finally
        {
            await Execute($"UPDATE schema_migrations SET checksum = '{FileChecksums()["0012_spend_limits.sql"]}' WHERE name = '0012_spend_limits.sql'");
        }
    }

    [Fact]
    public async Task A_database_migrated_before_checksums_gets_them_recorded_and_nothing_runs_again()
    {
        await Execute("UPDATE schema_migrations SET checksum = NULL");

        var applied = await MigrationRunner.ApplyAsync(api.OwnerConnection);

        applied.ShouldBeEmpty();
        (await Recorded()).Values.ShouldAllBe(c => c != null);
        (await Recorded()).ShouldBe(FileChecksums().Select(f => new KeyValuePair<string, string?>(f.Key, f.Value)), ignoreOrder: true);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:LedgerOwner"] = api.OwnerConnection }).Build();
        (await MigrationRunner.RunCommandAsync(configuration)).ShouldBe(0);
    }
}
