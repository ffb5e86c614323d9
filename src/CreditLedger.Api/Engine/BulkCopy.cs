using CreditLedger.Rules;
using Npgsql;
using NpgsqlTypes;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Large appends (a batch's thousand entries) go through binary COPY instead of INSERT … SELECT FROM unnest(arrays):
/// the profile of a 500-event batch showed PostgreSQL spending most of its time building rows from the arrays
/// (docs/history/performance-log.md). COPY costs a round trip per table, so small transactions (single events, small groups) keep
/// the one-round-trip INSERTs of <see cref="LedgerWriter"/>. Rows are written with the importer's synchronous calls: they
/// only fill its buffer (a flush to the socket now and then), and awaiting every field cost more CPU than the copy saved
/// (measured: 353 batches in 20 s awaiting each field, 424 with INSERTs, 453 writing synchronously).
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
        await CopyResponsesAsync(connection, books.SelectMany(b => b.NewResponses.Select(r => (b.WorkspaceId, b.Now, Response: r))), ct);
    }

    private static async Task CopyEntriesAsync(NpgsqlConnection connection, IEnumerable<LedgerEntry> entries, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY ledger_entries ({LedgerReader.Columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var e in entries)
        {
            copy.StartRow();
            copy.Write(e.WorkspaceId, NpgsqlDbType.Uuid);
            copy.Write(e.Sequence, NpgsqlDbType.Bigint);
            copy.Write(e.Id, NpgsqlDbType.Uuid);
            copy.Write(e.Type, NpgsqlDbType.Text);
            copy.Write(e.Currency.ToWire(), NpgsqlDbType.Text);
            copy.Write(e.Amount, NpgsqlDbType.Numeric);
            copy.Write(e.BalanceAfter, NpgsqlDbType.Numeric);
            copy.Write(e.OccurredAt, NpgsqlDbType.TimestampTz);
            copy.Write(e.RecordedAt, NpgsqlDbType.TimestampTz);
            Write(copy, e.UsageId, NpgsqlDbType.Uuid);
            Write(copy, e.GrantId, NpgsqlDbType.Uuid);
            Write(copy, e.EnrichmentId, NpgsqlDbType.Uuid);
            Write(copy, e.UserId, NpgsqlDbType.Uuid);
            Write(copy, e.Kind, NpgsqlDbType.Text);
            Write(copy, e.Integration, NpgsqlDbType.Text);
            Write(copy, e.Service, NpgsqlDbType.Text);
            Write(copy, e.ReversesEntryId, NpgsqlDbType.Uuid);
            Write(copy, e.Reason, NpgsqlDbType.Text);
            copy.Write(e.Hash, NpgsqlDbType.Bytea);
            Write(copy, e.ResourceId, NpgsqlDbType.Text);
            Write(copy, e.ApiKeyId, NpgsqlDbType.Uuid);
        }

        await copy.CompleteAsync(ct);
    }

    private static async Task CopyUsageAsync(NpgsqlConnection connection, IEnumerable<(Guid WorkspaceId, UsageRow Usage)> rows, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync("""
            COPY usage_events (workspace_id, id, kind, user_id, integration, service, outcome, quantity, occurred_at, recorded_at,
                enrichment_id, metadata, resource_id, api_key_id)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var (workspaceId, u) in rows)
        {
            copy.StartRow();
            copy.Write(workspaceId, NpgsqlDbType.Uuid);
            copy.Write(u.Id, NpgsqlDbType.Uuid);
            copy.Write(u.Kind, NpgsqlDbType.Text);
            Write(copy, u.UserId, NpgsqlDbType.Uuid);
            Write(copy, u.Integration, NpgsqlDbType.Text);
            Write(copy, u.Service, NpgsqlDbType.Text);
            copy.Write(u.Outcome, NpgsqlDbType.Text);
            copy.Write(u.Quantity, NpgsqlDbType.Integer);
            copy.Write(u.OccurredAt, NpgsqlDbType.TimestampTz);
            copy.Write(u.RecordedAt, NpgsqlDbType.TimestampTz);
            Write(copy, u.EnrichmentId, NpgsqlDbType.Uuid);
            Write(copy, u.MetadataJson, NpgsqlDbType.Jsonb);
            Write(copy, u.ResourceId, NpgsqlDbType.Text);
            Write(copy, u.ApiKeyId, NpgsqlDbType.Uuid);
        }

        await copy.CompleteAsync(ct);
    }

    private static async Task CopyResponsesAsync(
        NpgsqlConnection connection, IEnumerable<(Guid WorkspaceId, DateTimeOffset Now, StoredResponse Response)> rows, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY idempotency_keys (workspace_id, scope, key, request_hash, status_code, response, created_at) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (workspaceId, now, r) in rows)
        {
            copy.StartRow();
            copy.Write(workspaceId, NpgsqlDbType.Uuid);
            copy.Write(r.Scope, NpgsqlDbType.Text);
            copy.Write(r.Key, NpgsqlDbType.Text);
            copy.Write(r.RequestHash, NpgsqlDbType.Bytea);
            copy.Write(r.StatusCode, NpgsqlDbType.Integer);
            copy.Write(r.Json, NpgsqlDbType.Text);
            copy.Write(now, NpgsqlDbType.TimestampTz);
        }

        await copy.CompleteAsync(ct);
    }

    private static void Write<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v)
        {
            copy.Write(v, type);
        }
        else
        {
            copy.WriteNull();
        }
    }

    private static void Write(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type)
    {
        if (value is not null)
        {
            copy.Write(value, type);
        }
        else
        {
            copy.WriteNull();
        }
    }
}
