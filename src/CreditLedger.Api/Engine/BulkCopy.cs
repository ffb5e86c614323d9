using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Large appends (a batch's thousand entries) go through binary COPY instead of INSERT … SELECT FROM unnest(arrays):
/// the profile of a 500-event batch showed PostgreSQL spending most of its time building rows from the arrays
/// (docs/history/performance-log.md). COPY costs a round trip per table, so small transactions (single events, small groups) keep
/// the one-round-trip INSERTs of <see cref="LedgerWriter"/>. The rows are encoded by <see cref="CopyRows"/> and sent as one
/// raw binary COPY per table (ADR 23): Npgsql's importer binds a parameter per field, and that was a third of the
/// service's CPU under a batch load.
/// </summary>
public static class BulkCopy
{
    /// <summary>Ledger entries in a transaction from which the three big tables are copied rather than inserted.</summary>
    public const int MinimumEntries = 128;

    public static bool Applies(IReadOnlyCollection<WorkspaceBook> books) => books.Sum(b => b.NewEntries.Count) >= MinimumEntries;

    public static async Task WriteAsync(NpgsqlConnection connection, IReadOnlyCollection<WorkspaceBook> books, CancellationToken ct)
    {
        await CopyEntriesAsync(connection, books.SelectMany(b => b.NewEntries), ct);
        await CopyUsageAsync(connection, books.SelectMany(b => b.NewUsage.Select(u => (b.WorkspaceId, Usage: u))), ct);
        // A batch of usage writes no key rows (each event holds its key, ADR 37), and an empty COPY is not free: a round
        // trip, and the table's statement trigger over no rows, about 3 ms per batch.
        if (books.Any(b => b.NewResponses.Count > 0))
        {
            await CopyResponsesAsync(connection, books.SelectMany(b => b.NewResponses.Select(r => (b.WorkspaceId, b.Now, Response: r))), ct);
        }
    }

    private static Task CopyEntriesAsync(NpgsqlConnection connection, IEnumerable<LedgerEntry> entries, CancellationToken ct) =>
        CopyAsync(connection, $"COPY ledger_entries ({LedgerReader.Columns}) FROM STDIN (FORMAT BINARY)", entries, static (row, e) =>
        {
            row.StartRow(23);
            row.Uuid(e.WorkspaceId);
            row.Bigint(e.Sequence);
            row.Uuid(e.Id);
            row.Text(e.Type);
            row.Text(e.Currency.ToWire());
            row.Numeric(e.Amount);
            row.Numeric(e.BalanceAfter);
            row.Timestamp(e.OccurredAt);
            row.Timestamp(e.RecordedAt);
            row.Uuid(e.UsageId);
            row.Uuid(e.GrantId);
            row.Uuid(e.EnrichmentId);
            row.Uuid(e.UserId);
            row.Text(e.Kind);
            row.Text(e.Integration);
            row.Text(e.Service);
            row.Uuid(e.ReversesEntryId);
            row.Text(e.Reason);
            row.Bytea(e.Hash);
            row.Text(e.ResourceId);
            row.Uuid(e.ApiKeyId);
            row.Numeric(e.OtherBalanceAfter);
            row.Boolean(true); // every id the engine gives carries its sequence (EntryIds); the database checks it
        }, ct);

    private static Task CopyUsageAsync(NpgsqlConnection connection, IEnumerable<(Guid WorkspaceId, UsageRow Usage)> rows, CancellationToken ct) =>
        CopyAsync(connection, """
            COPY usage_events (workspace_id, id, kind, user_id, integration, service, outcome, quantity, occurred_at, recorded_at,
                enrichment_id, metadata, resource_id, api_key_id, actions, data_credits, idempotency_key, request_hash)
            FROM STDIN (FORMAT BINARY)
            """, rows, static (row, r) =>
        {
            var u = r.Usage;
            row.StartRow(18);
            row.Uuid(r.WorkspaceId);
            row.Uuid(u.Id);
            row.Text(u.Kind);
            row.Uuid(u.UserId);
            row.Text(u.Integration);
            row.Text(u.Service);
            row.Text(u.Outcome);
            row.Int4(u.Quantity);
            row.Timestamp(u.OccurredAt);
            row.Timestamp(u.RecordedAt);
            row.Uuid(u.EnrichmentId);
            row.Jsonb(u.MetadataJson);
            row.Text(u.ResourceId);
            row.Uuid(u.ApiKeyId);
            row.Numeric(u.Charged.Actions);
            row.Numeric(u.Charged.DataCredits);
            row.Text(u.IdempotencyKey);
            row.Bytea(u.RequestHash);
        }, ct);

    private static Task CopyResponsesAsync(
        NpgsqlConnection connection, IEnumerable<(Guid WorkspaceId, DateTimeOffset Now, StoredResponse Response)> rows, CancellationToken ct) =>
        CopyAsync(connection,
            "COPY idempotency_keys (workspace_id, scope, key, request_hash, status_code, response, created_at) FROM STDIN (FORMAT BINARY)",
            rows, static (row, r) =>
            {
                row.StartRow(7);
                row.Uuid(r.WorkspaceId);
                row.Text(r.Response.Scope);
                row.Text(r.Response.Key);
                row.Bytea(r.Response.RequestHash);
                row.Int4(r.Response.StatusCode);
                row.Utf8Text(r.Response.Json);
                row.Timestamp(r.Now);
            }, ct);

    /// <summary>
    /// One COPY of <paramref name="items"/>, each encoded by <paramref name="write"/>. A failure before the end cancels the
    /// COPY (rather than completing it with a partial row), and the caller's transaction rolls back.
    /// </summary>
    private static async Task CopyAsync<T>(NpgsqlConnection connection, string command, IEnumerable<T> items, Action<CopyRows, T> write, CancellationToken ct)
    {
        await using var copy = await connection.BeginRawBinaryCopyAsync(command, ct);
        using var rows = new CopyRows();
        try
        {
            foreach (var item in items)
            {
                write(rows, item);
                await rows.FlushIfLargeAsync(copy, ct);
            }

            await rows.FinishAsync(copy, ct);
        }
        catch
        {
            await copy.CancelAsync();
            throw;
        }
    }
}
