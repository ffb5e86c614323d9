using CreditLedger.Api.Database;
using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>Reads stored entries back into <see cref="LedgerEntry"/> (for listing, reversal and verification).</summary>
public static class LedgerReader
{
    /// <summary>The columns of ledger_entries in the order every read, insert and copy uses (written once, here).</summary>
    public const string Columns = """
        workspace_id, sequence, id, type, currency, amount, balance_after, occurred_at, recorded_at, usage_id, grant_id,
        enrichment_id, user_id, kind, integration, service, reverses_entry_id, reason, hash, resource_id, api_key_id,
        other_balance_after, id_carries_sequence
        """;

    public static LedgerEntry Read(NpgsqlDataReader r)
    {
        var context = new EntryContext(r.GetFieldValue<DateTimeOffset>(7), NullableGuid(r, 9), NullableGuid(r, 11), NullableGuid(r, 12),
            NullableString(r, 13), NullableString(r, 14), NullableString(r, 15), NullableString(r, 19), NullableGuid(r, 20));
        return new LedgerEntry(
            r.GetGuid(0), r.GetInt64(1), r.GetGuid(2), r.GetString(3), CurrencyNames.Parse(r.GetString(4)), r.GetDecimal(5), r.GetDecimal(6),
            r.IsDBNull(21) ? null : r.GetDecimal(21), r.GetFieldValue<DateTimeOffset>(8), NullableGuid(r, 10), NullableGuid(r, 16), NullableString(r, 17), context)
        {
            Hash = r.GetFieldValue<byte[]>(18),
        };
    }

    public static async Task<LedgerEntry?> FindAsync(NpgsqlConnection connection, Guid workspaceId, Guid entryId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, ById(Columns, "$1", "$2"), workspaceId, entryId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>
    /// A statement reading <paramref name="columns"/> of the entry whose id is <paramref name="id"/> in
    /// <paramref name="workspace"/> (both SQL expressions). An id carries its sequence (ADR 33), so the primary key finds
    /// the entry; an entry whose id does not (written before ids carried it) is found in the index that keeps only those.
    /// </summary>
    public static string ById(string columns, string workspace, string id) => $"""
        SELECT {columns} FROM ledger_entries
        WHERE workspace_id = {workspace} AND sequence = ledger_entry_id_sequence({workspace}, {id}) AND id = {id}
        UNION ALL
        SELECT {columns} FROM ledger_entries
        WHERE workspace_id = {workspace} AND id = {id} AND id_carries_sequence IS NULL
        LIMIT 1
        """;

    /// <summary>
    /// What a charge counted against when it was made: for a settled reservation's charge, the reservation's user, key,
    /// resource and time (its first hold entry); for any other entry, its own.
    /// </summary>
    /// <summary>Up to <paramref name="limit"/> entries of the filter, in sequence order.</summary>
    public static async Task<List<LedgerEntry>> PageAsync(NpgsqlDataSource database, EntryFilter filter, int limit, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM ledger_entries
            WHERE workspace_id = $1 AND sequence > $2
              AND ($3::timestamptz IS NULL OR recorded_at >= $3) AND ($4::timestamptz IS NULL OR recorded_at < $4)
              AND ($5::text IS NULL OR currency = $5)
            ORDER BY sequence LIMIT $6
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = filter.WorkspaceId });
        command.Parameters.Add(new NpgsqlParameter { Value = filter.After });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.From ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.To ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Currency ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var items = new List<LedgerEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(Read(reader));
        }

        return items;
    }

    /// <summary>What a reservation's hold entries took from each grant (positive amounts), in sequence order.</summary>
    public static async Task<List<(Guid GrantId, Currency Currency, decimal Amount)>> HoldsAsync(
        NpgsqlConnection connection, Guid workspaceId, Guid enrichmentId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection,
            "SELECT grant_id, currency, -amount FROM ledger_entries WHERE workspace_id = $1 AND enrichment_id = $2 AND type = 'hold' ORDER BY sequence",
            workspaceId, enrichmentId);
        var holds = new List<(Guid, Currency, decimal)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            holds.Add((reader.GetGuid(0), CurrencyNames.Parse(reader.GetString(1)), reader.GetDecimal(2)));
        }

        return holds;
    }

    /// <summary>Whether a reversal of the entry exists (an entry is reversed at most once).</summary>
    public static async Task<bool> IsReversedAsync(NpgsqlConnection connection, Guid workspaceId, Guid entryId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection,
            "SELECT 1 FROM ledger_entries WHERE workspace_id = $1 AND reverses_entry_id = $2", workspaceId, entryId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public static async Task<Limits.SpendOrigin> SpendOriginAsync(NpgsqlConnection connection, LedgerEntry entry, CancellationToken ct)
    {
        if (entry.EnrichmentId is { } enrichmentId)
        {
            await using var command = Sql.Command(connection, """
                SELECT user_id, api_key_id, resource_id, recorded_at FROM ledger_entries
                WHERE workspace_id = $1 AND enrichment_id = $2 AND type = 'hold' ORDER BY sequence LIMIT 1
                """, entry.WorkspaceId, enrichmentId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                return new(new(NullableGuid(reader, 0), NullableGuid(reader, 1), NullableString(reader, 2)), reader.GetFieldValue<DateTimeOffset>(3));
            }
        }

        return new(new(entry.UserId, entry.ApiKeyId, entry.ResourceId), entry.RecordedAt);
    }

    public static LedgerEntryResponse ToResponse(this LedgerEntry e) => new(
        e.Id, e.Sequence, e.Type, e.Currency.ToWire(), e.Amount, e.BalanceAfter, e.OccurredAt, e.RecordedAt, e.UsageId, e.GrantId,
        e.UserId, e.ResourceId, e.ApiKeyId, e.Integration, e.Service, e.EnrichmentId, e.ReversesEntryId, e.Reason);

    private static Guid? NullableGuid(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetGuid(i);

    private static string? NullableString(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
