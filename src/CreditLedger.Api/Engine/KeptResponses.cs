using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Reads what an idempotency key keeps: the answer's bytes, or the usage event the key names, whose answer is written
/// again from its row (ADR 36). Every reader of keys selects <see cref="Columns"/> from <c>idempotency_keys k</c> joined
/// with <see cref="EventJoin"/>, so a replay is the same bytes however it was found.
/// </summary>
public static class KeptResponses
{
    public const string Columns =
        "k.request_hash, k.status_code, convert_to(k.response, 'UTF8'), e.id, e.kind, e.outcome, e.occurred_at, e.recorded_at, e.actions, e.data_credits";

    public const string EventJoin = "LEFT JOIN usage_events e ON e.workspace_id = k.workspace_id AND e.id = k.usage_id";

    /// <summary>The key's response from <see cref="Columns"/>, read from column <paramref name="first"/> on.</summary>
    public static StoredResponse Read(NpgsqlDataReader reader, int first, string scope, string key)
    {
        var requestHash = reader.GetFieldValue<byte[]>(first);
        var statusCode = reader.GetInt32(first + 1);
        if (!reader.IsDBNull(first + 2))
        {
            return new StoredResponse(scope, key, requestHash, statusCode, reader.GetFieldValue<byte[]>(first + 2));
        }

        // The database holds a key to its answer or an event (migration 0030); the writer stores the event with its key.
        // An event missing here would be a damaged ledger: refused loudly, never answered with a made-up replay.
        if (reader.IsDBNull(first + 3))
        {
            throw new InvalidOperationException("An idempotency key names a usage event that is not stored.");
        }

        var id = reader.GetGuid(first + 3);
        var json = UsageResponseJson.Of(id, reader.GetString(first + 4), reader.GetString(first + 5),
            reader.GetFieldValue<DateTimeOffset>(first + 6), reader.GetFieldValue<DateTimeOffset>(first + 7),
            new Cost(reader.GetDecimal(first + 8), reader.GetDecimal(first + 9)));
        return new StoredResponse(scope, key, requestHash, statusCode, json, id);
    }
}
