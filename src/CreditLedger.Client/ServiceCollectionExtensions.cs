using CreditLedger.Client.Generated;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Polly;

namespace CreditLedger.Client;

/// <summary>Registration of the CreditLedger client in a service collection.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CreditLedgerApiClient"/> on a typed HttpClient: the base address and bearer key from
    /// <paramref name="configure"/>, and retries (exponential with jitter, honouring Retry-After) of transient failures
    /// for the requests <see cref="SafeRetries"/> says are safe, and of any request answered 429 (refused before any
    /// work). The builder is returned for further handlers.
    /// </summary>
    public static IHttpClientBuilder AddCreditLedgerClient(this IServiceCollection services, Action<CreditLedgerClientOptions> configure)
    {
        services.AddOptions<CreditLedgerClientOptions>().Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "CreditLedger: BaseAddress must be an absolute URI.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey), "CreditLedger: ApiKey is required.");
        services.AddTransient<BearerKeyHandler>();
        services.AddTransient<SafeRetryMarker>();
        var builder = services.AddHttpClient(nameof(CreditLedgerApiClient)).AddTypedClient((http, provider) =>
            {
                var options = provider.GetRequiredService<IOptions<CreditLedgerClientOptions>>().Value;
                http.BaseAddress = options.BaseAddress;
                var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
                {
                    BaseUrl = options.BaseAddress!.ToString().TrimEnd('/'),
                };
                return new CreditLedgerApiClient(adapter);
            })
            .AddHttpMessageHandler<BearerKeyHandler>()
            .AddHttpMessageHandler<SafeRetryMarker>();
        builder.AddResilienceHandler("creditledger-safe-retries", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<CreditLedgerClientOptions>>().Value;
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    // A 429 is the service refusing before doing anything, so any request may wait and try again;
                    // other transient failures may come after the work was done, so only safe requests are repeated.
                    ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)
                        && (args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.TooManyRequests
                            || (args.Context.GetRequestMessage()?.Options.TryGetValue(SafeRetries.Safe, out var safe) == true && safe))),
                });
            }
        });
        return builder;
    }
}
