using System.Net;
using CreditLedger.Client;
using CreditLedger.Client.Generated;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Clients;

/// <summary>
/// The C# client as an application registers it (AddCreditLedgerClient), its requests going to the test server; an
/// optional <see cref="FirstAttemptFails"/> between the retry policy and the server fails first attempts on purpose.
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
/// Fails the first attempt of a request whose path ends with a given suffix, with Retry-After: 0, and lets every later
/// attempt through. <see cref="AnswerLost"/>: the request reaches the service, its answer is replaced by a 503 (the work
/// was done, the client does not know it). <see cref="RateLimited"/>: a 429 without reaching the service, as a rate
/// limit answers.
/// </summary>
public sealed class FirstAttemptFails(string pathSuffix, HttpStatusCode status, bool reachesService) : DelegatingHandler
{
    private int attempts;

    public int Attempts => attempts;

    public static FirstAttemptFails AnswerLost(string pathSuffix) => new(pathSuffix, HttpStatusCode.ServiceUnavailable, reachesService: true);

    public static FirstAttemptFails RateLimited(string pathSuffix) => new(pathSuffix, HttpStatusCode.TooManyRequests, reachesService: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.RequestUri!.AbsolutePath.EndsWith(pathSuffix, StringComparison.Ordinal) || Interlocked.Increment(ref attempts) > 1)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (reachesService)
        {
            (await base.SendAsync(request, cancellationToken)).Dispose();
        }

        var failed = new HttpResponseMessage(status) { RequestMessage = request };
        failed.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
        return failed;
    }
}
