namespace CreditLedger.Client;

/// <summary>
/// Decides before a request is first sent whether it may be retried (<see cref="SafeRetries"/>), while its body is still
/// unread; the retry policy inside it only reads the mark.
/// </summary>
internal sealed class SafeRetryMarker : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(SafeRetries.Safe, await SafeRetries.IsSafeAsync(request).ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
