using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Reads what an idempotency key keeps: the answer's bytes, or the usage event whose answer is written again from its
/// row. A usage event holds its own key (ADR 37); usage keys stored before then are rows of idempotency_keys that name
/// their event (ADR 36) or keep the bytes. Every reader selects <see cref="Columns"/> from <c>idempotency_keys k</c>
/// joined with <see cref="EventJoin"/>, or <see cref="HeldByEventColumns"/> from <c>usage_events e</c>, and reads them
/// with <see cref="Read"/>, so a replay is the same bytes however it was found.
/// </summary>
public static class KeptResponses
{
    private const string EventColumns = "e.id, e.kind, e.outcome, e.occurred_at, e.recorded_at, e.actions, e.data_credits";

    public const string Columns = "k.request_hash, k.status_code, convert_to(k.response, 'UTF8'), " + EventColumns;

    public const string EventJoin = "LEFT JOIN usage_events e ON e.workspace_id = k.workspace_id AND e.id = k.usage_id";

    /// <summary><see cref="Columns"/> for a key its usage event holds: the event was answered 201 when first recorded.</summary>
    public const string HeldByEventColumns = "e.request_hash, 201, NULL::bytea, " + EventColumns;

    /// <summary>The key's response from <see cref="Columns"/>, read from column <paramref name="first"/> on.</summary>
    public static StoredResponse Read(NpgsqlDataReader reader, int first, string scope, string key)
    {
        var requestHash = reader.GetFieldValue<byte[]>(first);
        var statusCode = reader.GetInt32(first + 1);
        if (!reader.IsDBNull(first + 2))
        {
            return new StoredResponse(scope, key, requestHash, statusCode, reader.GetFieldValue<byte[]>(first + 2));
        }

        // The database holds a key to its answer or an event (migration 0030); the writer stored the event with its key.
        // An event missing here would be a damaged ledger: refused loudly, never answered with a made-up replay.
        if (reader.IsDBNull(first + 3))
        {
            throw new InvalidOperationException("An idempotency key names a usage event that is not stored.");
        }

        var id = reader.GetGuid(first + 3);
        var json = UsageResponseJson.Of(id, reader.GetString(first + 4), reader.GetString(first + 5),
            reader.GetFieldValue<DateTimeOffset>(first + 6), reader.GetFieldValue<DateTimeOffset>(first + 7),
            new Cost(reader.GetDecimal(first + 8), reader.GetDecimal(first + 9)));
        return new StoredResponse(scope, key, requestHash, statusCode, json);
    }
}
