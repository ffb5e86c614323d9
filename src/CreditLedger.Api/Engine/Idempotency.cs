using System.Text.Json;
using CreditLedger.Api.Json;
using CreditLedger.Api.Diagnostics;

namespace CreditLedger.Api.Engine;

public static class IdempotencyScopes
{
    public const string Usage = "usage";
    public const string Grant = "grant";
    public const string Enrichment = "enrichment";
}

/// <summary>
/// Idempotency keys, checked while the workspace is locked so concurrent duplicates serialize: the first
/// request records its response, later ones with the same body get that response back (200, replayed),
/// and a different body under the same key is 409. Keys are kept forever.
/// </summary>
public static class Idempotency
{
    /// <summary>
    /// The answer when the key was used before (the kept response, replayed, or a refusal for another body); null when the
    /// request is new. Every idempotent operation starts with it, under the workspace's lock.
    /// </summary>
    public static async Task<EngineResult<T>?> RepeatAsync<T>(
        LedgerSession session, WorkspaceBook book, string scope, string key, byte[] requestHash, CancellationToken ct) =>
        Repeat<T>(await session.FindResponseAsync(book, scope, key, ct), requestHash, key);

    /// <summary><see cref="RepeatAsync"/> over a response already read (the usage prefetch reads a whole group's keys at once).</summary>
    public static EngineResult<T>? Repeat<T>(StoredResponse? stored, byte[] requestHash, string key)
    {
        if (stored is null)
        {
            return null;
        }

        if (!stored.RequestHash.AsSpan().SequenceEqual(requestHash))
        {
            return Refusal.KeyReused(key);
        }

        ServiceMeter.Replays.Add(1);
        return new EngineResult<T>.Replayed(stored.Json);
    }

    /// <summary>Keeps the response under the key, written in the same transaction as the ledger entries.</summary>
    public static StoredResponse Remember<T>(WorkspaceBook book, string scope, string key, byte[] requestHash, int statusCode, T response) =>
        RememberJson(book, scope, key, requestHash, statusCode, JsonSerializer.SerializeToUtf8Bytes(response, JsonSetup.Options));

    /// <summary>
    /// <see cref="Remember{T}"/> for a response already written as JSON. A usage event's answer is kept only for this
    /// transaction: the event holds its key, and its replays are written again from it (<see cref="UsageResponseJson"/>).
    /// </summary>
    public static StoredResponse RememberJson(WorkspaceBook book, string scope, string key, byte[] requestHash, int statusCode, byte[] json)
    {
        var stored = new StoredResponse(scope, key, requestHash, statusCode, json);
        book.AddResponse(stored);
        return stored;
    }
}
