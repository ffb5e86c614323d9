using System.Threading.RateLimiting;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Diagnostics;

namespace CreditLedger.Api.Usage;

/// <summary>
/// Events per workspace, not requests: a token bucket of <c>CreditLedger:EventRateLimit:Burst</c> events (default
/// 10,000, never below one full batch) refilled by <c>EventsPerSecond</c> (default 1,000; 0 turns the limit off).
/// The defaults fit the 2-core machine this is measured on (about 15,000 batched events/s in all), so one tenant's
/// admitted work keeps another's p99 within the noisy-neighbour goal; size them to the machine (docs/reliability.md).
/// A single event takes one token, a batch as many as it has events, all or nothing: a batch over the limit is
/// refused whole with 429 and Retry-After, and nothing in it is recorded. Per instance of the service.
/// </summary>
public sealed class EventRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<Guid>? limiter;
    private readonly int perSecond;

    public EventRateLimiter(IConfiguration configuration)
    {
        perSecond = configuration.GetValue("CreditLedger:EventRateLimit:EventsPerSecond", 1_000);
        var burst = Math.Max(UsageBatchValidator.MaxBatchSize, configuration.GetValue("CreditLedger:EventRateLimit:Burst", 10_000));
        if (perSecond > 0)
        {
            limiter = PartitionedRateLimiter.Create<Guid, Guid>(workspace =>
                RateLimitPartition.GetTokenBucketLimiter(workspace, _ => RateLimiting.Bucket(burst, perSecond)));
        }
    }

    /// <summary>Takes <paramref name="events"/> tokens of the workspace, or none and says how long to wait.</summary>
    public bool TryAcquire(Guid workspaceId, int events, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (limiter is null)
        {
            return true;
        }

        using var lease = limiter.AttemptAcquire(workspaceId, events);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(events / (double)perSecond);
        ServiceMeter.EventRateLimited.Add(events, new KeyValuePair<string, object?>("workspace_id", workspaceId.ToString()));
        return false;
    }

    public void Dispose() => limiter?.Dispose();
}
