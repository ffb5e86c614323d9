using System.Globalization;
using System.Threading.RateLimiting;
using CreditLedger.Api.Auth;
using Microsoft.AspNetCore.RateLimiting;

namespace CreditLedger.Api.Infrastructure;

/// <summary>
/// A token bucket per API key (the admin key is one partition): <c>CreditLedger:RateLimit:PermitsPerSecond</c>
/// sustained, <c>Burst</c> at once; 0 turns it off. Over the limit: 429 rate-limited with Retry-After.
/// Expensive routes (reports, CSV, chain verification) also take the <see cref="Expensive"/> policy: at most
/// <c>CreditLedger:Expensive:PerKey</c> (default 4) running at once per key, <c>Queue</c> (default 4) waiting, so one
/// key cannot take every database connection the reads have.
/// </summary>
public static class RateLimiting
{
    public const string Expensive = "expensive";

    public static IServiceCollection AddKeyRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var perSecond = configuration.GetValue("CreditLedger:RateLimit:PermitsPerSecond", 2000);
        var burst = configuration.GetValue("CreditLedger:RateLimit:Burst", 4000);
        var expensivePerKey = Math.Max(1, configuration.GetValue("CreditLedger:Expensive:PerKey", 4));
        var expensiveQueue = Math.Max(0, configuration.GetValue("CreditLedger:Expensive:Queue", 4));
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(Expensive, context => RateLimitPartition.GetConcurrencyLimiter(
                context.Features.Get<Caller>()?.PartitionKey ?? "anonymous",
                _ => new ConcurrencyLimiterOptions { PermitLimit = expensivePerKey, QueueLimit = expensiveQueue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst }));
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Features.Get<Caller>() is not { } caller || perSecond <= 0
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetTokenBucketLimiter(caller.PartitionKey, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(burst, 1),
                        TokensPerPeriod = perSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                    $"Too many requests for this API key; retry after {retryAfter} s.", statusCode: 429, title: "Rate limited",
                    type: ProblemTypes.RateLimited).ExecuteAsync(context.HttpContext);
            };
        });
    }
}
