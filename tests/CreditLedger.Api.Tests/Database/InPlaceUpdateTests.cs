namespace CreditLedger.Api.Tests.Database;

/// <summary>
/// Every charge updates rows that already exist (grants, the workspace's head, rollups, spend counters). PostgreSQL can
/// update a row in place (HOT) only when no index reads a changed column, as key, INCLUDE column, expression or
/// predicate; otherwise each update writes a new entry into every index of the table. So no index may read what a
/// charge changes; an index added later that does fails here, naming itself.
/// </summary>
public class InPlaceUpdateTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    private static readonly string[] RollupSums = ["actions", "data_credits", "events", "attempts", "successes"];

    /// <summary>Each table the charge path updates, with the columns an ordinary charge changes.</summary>
    public static TheoryData<string, string[]> ChargedColumns()
    {
        var data = new TheoryData<string, string[]>
        {
            { "grants", ["remaining"] },
            { "workspace_heads", ["last_sequence", "last_hash", "usage_count", "actions_available", "data_credits_available",
                "actions_held", "data_credits_held", "last_recorded_at", "alert_state"] },
            { "spend_counters", ["actions_spent", "data_credits_spent"] },
            { "value_rollups_hourly", ["amount"] },
            { "value_rollups_daily", ["amount"] },
        };
        foreach (var rollup in LedgerInvariants.RollupTables)
        {
            data.Add(rollup.Table, RollupSums);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ChargedColumns))]
    public async Task No_index_reads_a_column_that_every_charge_changes(string table, string[] changed)
    {
        var offending = new List<string>();
        foreach (var column in changed)
        {
            (await api.ScalarAsync<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2 AND NOT attisdropped",
                table, column)).ShouldBe(1, $"{table}.{column} is not a column: the list here is out of date");
            var indexes = await api.ScalarAsync<string>("""
                SELECT coalesce(string_agg(i.indexrelid::regclass::text, ', '), '')
                FROM pg_index i
                WHERE i.indrelid = $1::regclass
                  AND substring(pg_get_indexdef(i.indexrelid) FROM ' USING .*$') ~ ('\m' || $2 || '\M')
                """, table, column);
            if (indexes.Length > 0)
            {
                offending.Add($"{column} (read by {indexes})");
            }
        }

        offending.ShouldBeEmpty($"a charge's update of {table} could not be HOT");
    }

    [Fact]
    public async Task The_open_grants_flag_follows_the_remaining_amount()
    {
        var workspace = await api.Workspace(actions: 1, dataCredits: 5);
        await (await api.Admin().Post($"/v1/workspaces/{workspace}/usage",
            new { idempotencyKey = Guid.NewGuid().ToString(), kind = "export", quantity = 1 })).Expect(System.Net.HttpStatusCode.Created);

        (await api.ScalarAsync<long>("SELECT count(*) FROM grants WHERE workspace_id = $1 AND has_remaining <> (remaining > 0)", workspace))
            .ShouldBe(0);
        (await api.ScalarAsync<long>("SELECT count(*) FROM grants WHERE workspace_id = $1 AND NOT has_remaining", workspace))
            .ShouldBe(1, "the actions grant of 1 is spent by the export");
    }
}
