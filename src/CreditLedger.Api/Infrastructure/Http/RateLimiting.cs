using System.Threading.RateLimiting;
using CreditLedger.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>
/// A token bucket per API key (the admin key is one partition): <c>CreditLedger:RateLimit:PermitsPerSecond</c>
/// sustained, <c>Burst</c> at once; 0 turns it off. Over the limit: 429 rate-limited with Retry-After.
/// Expensive routes (reports, CSV, chain verification) also take the <see cref="Expensive"/> policy: at most
/// <c>CreditLedger:Expensive:PerKey</c> (default 2) running at once per key and <c>Queue</c> (default 32) waiting in
/// order, so one key can neither take every connection and core the reads have nor make the service spin on
/// instant refusals: an over-eager client waits its turn, and only beyond the queue is it refused. They are also
/// limited in rate per key (<c>CreditLedger:Expensive:PerSecond</c>, default 10, <c>Burst</c> 20): a dashboard polls a
/// few reports every few seconds; one key asking hundreds a second would take the cores every other tenant shares.
/// </summary>
public static class RateLimiting
{
    public const string Expensive = "expensive";

    /// <summary>Test pings: <c>CreditLedger:Webhooks:TestPingsPerMinute</c> (default 10) per workspace, whichever key sends them.</summary>
    public const string WebhookTest = "webhook-test";

    public static IServiceCollection AddKeyRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var perSecond = configuration.GetValue("CreditLedger:RateLimit:PermitsPerSecond", 2000);
        var burst = configuration.GetValue("CreditLedger:RateLimit:Burst", 4000);
        var expensivePerKey = Math.Max(1, configuration.GetValue("CreditLedger:Expensive:PerKey", 2));
        var expensiveQueue = Math.Max(0, configuration.GetValue("CreditLedger:Expensive:Queue", 32));
        var expensivePerSecond = configuration.GetValue("CreditLedger:Expensive:PerSecond", 10);
        var expensiveBurst = Math.Max(1, configuration.GetValue("CreditLedger:Expensive:Burst", 20));
        var pingsPerMinute = Math.Max(1, configuration.GetValue("CreditLedger:Webhooks:TestPingsPerMinute", 10));
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(WebhookTest, context => RateLimitPartition.GetTokenBucketLimiter(
                context.GetRouteValue("workspaceId")?.ToString() ?? "none", _ => Bucket(pingsPerMinute, pingsPerMinute, TimeSpan.FromMinutes(1))));
            options.AddPolicy(Expensive, context => RateLimitPartition.GetConcurrencyLimiter(
                context.Features.Get<Caller>()?.PartitionKey ?? "anonymous",
                _ => new ConcurrencyLimiterOptions { PermitLimit = expensivePerKey, QueueLimit = expensiveQueue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst }));
            // The limiters are made once per key from these; a lambda written inline would be a new delegate per request.
            var keyBucket = KeyBucketFactory(burst, perSecond);
            var expensiveKeyBucket = KeyBucketFactory(expensiveBurst, expensivePerSecond);
            var perKey = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Features.Get<Caller>() is not { } caller || perSecond <= 0
                    ? Unlimited
                    : RateLimitPartition.Get(caller.PartitionKey, keyBucket));
            var expensivePerKeyRate = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Features.Get<Caller>() is not { } caller || expensivePerSecond <= 0 || !IsExpensive(context)
                    ? Unlimited
                    : RateLimitPartition.Get(caller.PartitionKey, expensiveKeyBucket));
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perKey, expensivePerKeyRate);
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                await Problems.RateLimited(context.HttpContext, retryAfter, "Too many requests for this API key.").ExecuteAsync(context.HttpContext);
            };
        });
    }

    private static readonly RateLimitPartition<string> Unlimited = RateLimitPartition.GetNoLimiter("unlimited");

    /// <summary>
    /// A key's token bucket, as <see cref="RateLimitPartition.GetTokenBucketLimiter{TKey}"/> makes it: without a timer of
    /// its own, since the partitioned limiter replenishes every partition from one.
    /// </summary>
    private static Func<string, RateLimiter> KeyBucketFactory(int burst, int refill) =>
        _ =>
        {
            var bucket = Bucket(burst, refill);
            bucket.AutoReplenishment = false;
            return new TokenBucketRateLimiter(bucket);
        };

    private static bool IsExpensive(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Expensive;

    /// <summary>A token bucket of <paramref name="burst"/> refilled by <paramref name="refill"/> per period, no queue.</summary>
    public static TokenBucketRateLimiterOptions Bucket(int burst, int refill, TimeSpan? period = null) => new()
    {
        TokenLimit = Math.Max(burst, 1),
        TokensPerPeriod = refill,
        ReplenishmentPeriod = period ?? TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
