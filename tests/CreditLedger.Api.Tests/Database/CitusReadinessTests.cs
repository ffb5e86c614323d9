using Npgsql;

namespace CreditLedger.Api.Tests.Database;

/// <summary>
/// The schema stays distributable by workspace (Citus, docs/scale-out.md), checked over pg_catalog so a new table or
/// index that would not shard fails here, not on the day someone runs create_distributed_table.
/// </summary>
public class CitusReadinessTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    /// <summary>Copied to every node (create_reference_table): the catalog and the service's own bookkeeping.</summary>
    public static readonly string[] ReferenceTables = ["integrations", "integration_services", "data_protection_keys", "schema_migrations"];

    /// <summary>The distribution column of each distributed table: workspace_id, or id for the workspaces themselves.</summary>
    private static string DistributionColumn(string table) => table == "workspaces" ? "id" : "workspace_id";

    [Fact]
    public async Task Every_table_is_either_a_reference_table_or_carries_the_workspace()
    {
        var missing = new List<string>();
        foreach (var table in await DistributedTablesAsync())
        {
            if (await ScalarAsync<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2 AND NOT attisdropped",
                    table, DistributionColumn(table)) == 0)
            {
                missing.Add(table);
            }
        }

        missing.ShouldBeEmpty("tables without workspace_id must be named reference tables (and in docs/scale-out.md)");
    }

    [Fact]
    public async Task Every_primary_key_and_unique_index_of_a_workspace_table_starts_with_the_workspace()
    {
        var offending = new List<string>();
        foreach (var table in await DistributedTablesAsync())
        {
            var firstColumns = await RowsAsync("""
                SELECT i.indexrelid::regclass::text, coalesce(a.attname, '(expression)')
                FROM pg_index i LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                WHERE i.indrelid = $1::regclass AND (i.indisunique OR i.indisprimary)
                """, table);
            firstColumns.ShouldNotBeEmpty($"{table} has no primary key or unique index");
            offending.AddRange(firstColumns.Where(c => c.Second != DistributionColumn(table)).Select(c => $"{table}: {c.First}"));
        }

        offending.ShouldBeEmpty("a unique index that does not lead with the workspace cannot be enforced across shards");
    }

    [Fact]
    public async Task Foreign_keys_join_within_one_workspace_and_reference_tables_point_only_at_reference_tables()
    {
        var offending = new List<string>();
        var foreignKeys = await RowsAsync("""
            SELECT conrelid::regclass::text || ' -> ' || confrelid::regclass::text,
                   (SELECT string_agg(a.attname || '=' || r.attname, ',')
                    FROM unnest(c.conkey, c.confkey) AS k(own, other)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.own
                    JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = k.other)
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE c.contype = 'f' AND n.nspname = 'public'
            """);
        foreach (var (name, pairs) in foreignKeys)
        {
            var parts = name.Split(" -> ");
            var (from, to) = (parts[0], parts[1]);
            var (fromReference, toReference) = (ReferenceTables.Contains(from), ReferenceTables.Contains(to));
            var sameWorkspace = pairs.Split(',').Contains($"{DistributionColumn(from)}={DistributionColumn(to)}");
            if ((fromReference && !toReference) || (!fromReference && !toReference && !sameWorkspace))
            {
                offending.Add($"{name} ({pairs})");
            }
        }

        foreignKeys.ShouldNotBeEmpty();
        offending.ShouldBeEmpty("a foreign key between distributed tables must match workspace to workspace (colocated)");
    }

    [Fact]
    public async Task The_scale_out_guide_distributes_every_table_the_schema_has()
    {
        var guide = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "scale-out.md"));
        foreach (var table in await DistributedTablesAsync())
        {
            guide.ShouldContain($"create_distributed_table('{table}'", customMessage: $"docs/scale-out.md does not distribute {table}");
        }

        foreach (var table in ReferenceTables)
        {
            guide.ShouldContain($"create_reference_table('{table}')", customMessage: $"docs/scale-out.md does not copy {table}");
        }
    }

    private async Task<List<string>> DistributedTablesAsync() =>
        [.. (await RowsAsync("""
            SELECT c.relname, '' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname
            """)).Select(r => r.First).Where(t => !ReferenceTables.Contains(t))];

    private async Task<T> ScalarAsync<T>(string sql, params object[] parameters) => await api.ScalarAsync<T>(sql, parameters);

    private async Task<List<(string First, string Second)>> RowsAsync(string sql, params object[] parameters)
    {
        await using var connection = await api.OpenOwnerConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1)));
        }

        return rows;
    }
}
