using System.Text.Json;
using Npgsql;

namespace CreditLedger.Api.Tests.LedgerEntries;

/// <summary>
/// A workspace's entries are recorded in sequence order, so a time range is a range of sequences: ledger_quarters says
/// where each quarter-hour starts and recorded_at trims the ends. The database refuses an entry that is not appended in
/// time order and keeps the quarter-hours itself; readers over any range, on or off the quarter-hour, read exactly its
/// entries.
/// </summary>
public class LedgerTimeOrderTests : OwnClockLedgerTest
{
    private static readonly DateTimeOffset Nine = Utc(2026, 9, 1, 9);

    [Theory]
    [InlineData("09:07:30", "09:16:00")]
    [InlineData("09:07:00", "09:29:00")]
    [InlineData("09:00:00", "09:15:00")]
    [InlineData("09:14:59", "09:15:01")]
    [InlineData("08:00:00", "10:00:00")]
    [InlineData("09:30:00", "09:45:00")]
    public async Task The_ledger_list_returns_exactly_the_entries_recorded_in_its_range(string from, string to)
    {
        var id = await WorkspaceWithRunsAsync();
        var (start, end) = (At(from), At(to));

        var listed = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger?from={Iso(start)}&to={Iso(end)}&limit=1000"))
            .Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToList();

        listed.ShouldBe(await SequencesAsync(id, "recorded_at >= $2 AND recorded_at < $3", start, end));
    }

    [Theory]
    [InlineData("09:15:00")]
    [InlineData("09:15:30")]
    [InlineData("09:07:00")]
    [InlineData("09:29:59")]
    [InlineData("09:00:00")]
    public async Task The_balance_at_an_instant_on_or_off_the_quarter_hour_is_the_sum_of_the_entries_before_it(string instant)
    {
        var id = await WorkspaceWithRunsAsync();
        var end = At(instant);

        var series = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/balance?granularity=hour&from={Iso(Nine.AddHours(-1))}&to={Iso(end)}&timeZone=UTC"))
            .Expect(HttpStatusCode.OK)).GetProperty("series").EnumerateArray().ToList();

        series[^1].GetProperty("end").GetDateTimeOffset().ShouldBe(end);
        series[^1].Amount("actions").ShouldBe(await Api.ScalarAsync<decimal>(
            "SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE workspace_id = $1 AND currency = 'actions' AND recorded_at < $2", id, end));
    }

    [Theory]
    [InlineData("recorded_at - interval '1 microsecond'", "sequence + 1", true)]   // after the last entry, recorded before it
    [InlineData("recorded_at + interval '1 hour'", "sequence - 1", true)]          // in a gap below the last entry, recorded after it
    [InlineData("recorded_at - interval '1 microsecond'", "sequence - 1", true)]   // in the gap, in time order, but not appended
    [InlineData("recorded_at", "sequence + 1", false)]                             // after the last entry, at its instant
    [InlineData("recorded_at + interval '1 hour'", "sequence + 1", false)]         // after the last entry, in a new quarter-hour
    public async Task The_database_refuses_an_entry_not_appended_in_time_order(string recordedAt, string sequence, bool refused)
    {
        var id = await WorkspaceWithRunsAsync();
        await using var connection = await Api.OpenOwnerConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();   // rolled back: the gap is this test's own
        await connection.ExecuteAsync("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update_delete");
        await connection.ExecuteAsync("DELETE FROM ledger_entries WHERE workspace_id = $1 AND sequence = (SELECT max(sequence) - 1 FROM ledger_entries WHERE workspace_id = $1)", id);

        var insert = connection.ExecuteAsync($"""
            INSERT INTO ledger_entries (workspace_id, sequence, id, type, currency, amount, balance_after, occurred_at, recorded_at, hash)
            SELECT workspace_id, {sequence}, gen_random_uuid(), 'grant', currency, 1, balance_after + 1, occurred_at, {recordedAt}, hash
            FROM ledger_entries WHERE workspace_id = $1 ORDER BY sequence DESC LIMIT 1
            """, id);

        if (refused)
        {
            (await Should.ThrowAsync<PostgresException>(insert)).SqlState.ShouldBe(PostgresErrorCodes.CheckViolation);
        }
        else
        {
            await insert;
            (await connection.ScalarAsync("""
                SELECT first_sequence FROM ledger_quarters WHERE workspace_id = $1 ORDER BY quarter DESC LIMIT 1
                """, id)).ShouldBe(await connection.ScalarAsync("""
                SELECT min(sequence) FROM ledger_entries WHERE workspace_id = $1
                  AND date_bin('15 minutes', recorded_at, timestamptz '2000-01-01 00:00:00+00')
                      = (SELECT max(date_bin('15 minutes', recorded_at, timestamptz '2000-01-01 00:00:00+00')) FROM ledger_entries WHERE workspace_id = $1)
                """, id), "the trigger notes the quarter-hour the entry opened, or keeps the one it joined");
        }
    }

    /// <summary>Runs (one action each) at 09:01, 09:07, 09:14, 09:15, 09:16 and 09:29 after a workspace opened at 09:00.</summary>
    private async Task<Guid> WorkspaceWithRunsAsync()
    {
        var id = await WorkspaceAt(Nine);
        foreach (var minute in new[] { 1, 7, 14, 15, 16, 29 })
        {
            await RunAt(id, Nine.AddMinutes(minute));
        }

        return id;
    }

    private async Task RunAt(Guid id, DateTimeOffset now)
    {
        Api.Clock.SetUtcNow(now);
        await (await Usage(id, new { idempotencyKey = Guid.NewGuid().ToString(), kind = "table_run" })).Expect(HttpStatusCode.Created);
    }

    private async Task<List<long>> SequencesAsync(Guid id, string where, DateTimeOffset from, DateTimeOffset to)
    {
        await using var connection = await Api.OpenOwnerConnectionAsync();
        return await connection.ColumnAsync<long>($"SELECT sequence FROM ledger_entries WHERE workspace_id = $1 AND {where} ORDER BY sequence", id, from, to);
    }

    private static DateTimeOffset At(string time) => Utc(2026, 9, 1).Add(TimeSpan.Parse(time, System.Globalization.CultureInfo.InvariantCulture));

    private static string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
