using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace CreditLedger.Client;

/// <summary>
/// Puts the API key on every request. A handler rather than Kiota's bearer provider, which only sends tokens over HTTPS:
/// a local service on plain HTTP (scripts/run.sh) must work too.
/// </summary>
internal sealed class BearerKeyHandler(IOptions<CreditLedgerClientOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.ApiKey);
        return base.SendAsync(request, cancellationToken);
    }
}
