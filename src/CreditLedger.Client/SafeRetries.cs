using System.Text.Json;

namespace CreditLedger.Client;

/// <summary>
/// Which requests may be sent again after a transient failure without risk of doing the work twice: reads, PUT and
/// DELETE (the API makes them idempotent), POSTs that carry an <c>idempotencyKey</c> (the service answers a repeat with
/// the first answer), a usage batch (every event carries its key), and the POSTs idempotent by state (complete, cancel,
/// activate, void, and estimates, which change nothing). Anything else (creating a workspace, a user, a key, a webhook)
/// is not retried: a lost answer could mean it was created.
/// </summary>
public static class SafeRetries
{
    private static readonly string[] IdempotentByState = ["/complete", "/cancel", "/activate", "/void", "/estimates", "/usage/batch"];

    /// <summary>Whether sending <paramref name="request"/> again cannot do its work twice.</summary>
    public static async ValueTask<bool> IsSafeAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != HttpMethod.Post)
        {
            return request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Put
                || request.Method == HttpMethod.Delete;
        }

        var path = request.RequestUri?.AbsolutePath.TrimEnd('/') ?? "";
        if (IdempotentByState.Any(suffix => path.EndsWith(suffix, StringComparison.Ordinal)))
        {
            return true;
        }

        return request.Content is not null && await CarriesIdempotencyKeyAsync(request.Content).ConfigureAwait(false);
    }

    /// <summary>Set on a request by <see cref="SafeRetryMarker"/> before it is first sent, read by the retry policy.</summary>
    internal static readonly HttpRequestOptionsKey<bool> Safe = new("CreditLedger.SafeToRetry");

    private static async Task<bool> CarriesIdempotencyKeyAsync(HttpContent content)
    {
        try
        {
            // Buffered first, so that the body can be read here and still be sent, and sent again.
            await content.LoadIntoBufferAsync().ConfigureAwait(false);
            using var body = JsonDocument.Parse(await content.ReadAsByteArrayAsync().ConfigureAwait(false));
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("idempotencyKey", out var key)
                && key.ValueKind == JsonValueKind.String && key.GetString()!.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
