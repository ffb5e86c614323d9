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

/// <summary>What an idempotency key says about a request: new, a replay of a stored response, or a conflict.</summary>
public sealed record IdempotencyCheck(string? ReplayJson, bool IsConflict)
{
    public static readonly IdempotencyCheck New = new(null, false);

    public bool IsNew => ReplayJson is null && !IsConflict;
}

/// <summary>
/// Idempotency keys, checked while the workspace is locked so concurrent duplicates serialize: the first
/// request records its response, later ones with the same body get that response back (200, replayed),
/// and a different body under the same key is 409. Keys are kept forever.
/// </summary>
public static class Idempotency
{
    public static async Task<IdempotencyCheck> CheckAsync(
        LedgerSession session, WorkspaceBook book, string scope, string key, byte[] requestHash, CancellationToken ct) =>
        Compare(await session.FindResponseAsync(book, scope, key, ct), requestHash);

    /// <summary>What a stored response (or none) says about a request with this fingerprint; replays are counted.</summary>
    public static IdempotencyCheck Compare(StoredResponse? stored, byte[] requestHash)
    {
        if (stored is null)
        {
            return IdempotencyCheck.New;
        }

        if (!stored.RequestHash.AsSpan().SequenceEqual(requestHash))
        {
            return new IdempotencyCheck(null, true);
        }

        ServiceMeter.Replays.Add(1);
        return new IdempotencyCheck(stored.Json, false);
    }

    /// <summary>Keeps the response under the key, written in the same transaction as the ledger entries.</summary>
    public static StoredResponse Remember<T>(WorkspaceBook book, string scope, string key, byte[] requestHash, int statusCode, T response)
    {
        var stored = new StoredResponse(scope, key, requestHash, statusCode, JsonSerializer.Serialize(response, JsonSetup.Options));
        book.AddResponse(stored);
        return stored;
    }
}
