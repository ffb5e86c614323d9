using System.Text;
using StandardWebhooks;

namespace CreditLedger.Api.Outbox;

/// <summary>
/// One delivery attempt: the event's JSON, signed by the StandardWebhooks package (<c>webhook-id</c> = the event id,
/// <c>webhook-timestamp</c>, <c>webhook-signature: v1,…</c>), posted with the guarded, time-limited client.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, WebhookSecrets secrets)
{
    public const string ClientName = "webhooks";

    /// <summary>The receiver's status code, or null when no answer came (refused, timed out, unreachable).</summary>
    public async Task<int?> SendAsync(ClaimedDelivery delivery, CancellationToken ct)
    {
        // The timestamp is the wall clock's: receivers compare it with theirs to refuse replays.
        var sentAt = TimeProvider.System.GetUtcNow();
        var eventId = delivery.EventId.ToString();
        var signature = new StandardWebhook(secrets.Unprotect(delivery.ProtectedSecret)).Sign(eventId, sentAt, delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", eventId);
        request.Headers.Add("webhook-timestamp", sentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
            || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }
}
