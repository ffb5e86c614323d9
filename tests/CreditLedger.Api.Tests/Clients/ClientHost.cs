using System.Net;
using CreditLedger.Client;
using CreditLedger.Client.Generated;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Clients;

/// <summary>
/// The C# client as an application registers it (AddCreditLedgerClient), its requests going to the test server; an
/// optional <see cref="LosingFirstAnswers"/> between the retry policy and the server loses answers on purpose.
/// </summary>
public sealed class ClientHost : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    public ClientHost(LedgerApiFactory api, string key, DelegatingHandler? network = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddCreditLedgerClient(o => (o.BaseAddress, o.ApiKey) = (new Uri("http://localhost"), key))
            .ConfigurePrimaryHttpMessageHandler(() => api.Server.CreateHandler());
        if (network is not null)
        {
            builder.AddHttpMessageHandler(() => network);
        }

        provider = services.BuildServiceProvider();
    }

    public CreditLedgerApiClient Client => provider.GetRequiredService<CreditLedgerApiClient>();

    public ValueTask DisposeAsync() => provider.DisposeAsync();
}

/// <summary>
/// Sends each matching request on to the service, but answers its first attempt with a 503 (Retry-After: 0) as if the
/// answer had been lost on the way back: the work was done, the client does not know it.
/// </summary>
public sealed class LosingFirstAnswers(Func<HttpRequestMessage, bool> matches) : DelegatingHandler
{
    private int attempts;

    public int Attempts => attempts;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var answer = await base.SendAsync(request, cancellationToken);
        if (!matches(request) || Interlocked.Increment(ref attempts) > 1)
        {
            return answer;
        }

        answer.Dispose();
        var lost = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
        lost.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
        return lost;
    }
}

/// <summary>Answers the first matching request 429 (Retry-After: 0) without sending it on, as a rate limit does.</summary>
public sealed class RateLimitingFirstAttempt(Func<HttpRequestMessage, bool> matches) : DelegatingHandler
{
    private int attempts;

    public int Attempts => attempts;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!matches(request) || Interlocked.Increment(ref attempts) > 1)
        {
            return base.SendAsync(request, cancellationToken);
        }

        var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = request };
        limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
        return Task.FromResult(limited);
    }
}
