using System.Threading.RateLimiting;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Auth;

/// <summary>
/// Failed authentications per client address: a token bucket of <c>CreditLedger:AuthFailures:Burst</c> failures
/// (default 100), refilled by <c>PerMinute</c> (default 100); an address with no tokens left gets 429 with Retry-After
/// for every request until it refills. Successful requests cost nothing. Per instance of the service; behind a proxy,
/// configure forwarded headers so the address is the client's.
/// </summary>
public sealed class AuthFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public AuthFailureLimiter(IConfiguration configuration)
    {
        var burst = Math.Max(1, configuration.GetValue("CreditLedger:AuthFailures:Burst", 100));
        var perMinute = Math.Max(1, configuration.GetValue("CreditLedger:AuthFailures:PerMinute", 100));
        limiter = PartitionedRateLimiter.Create<string, string>(address =>
            RateLimitPartition.GetTokenBucketLimiter(address, _ => RateLimiting.Bucket(burst, perMinute, TimeSpan.FromMinutes(1))));
    }

    /// <summary>Whether the address has used up its failures (checked without using one).</summary>
    public bool IsBlocked(string address) => limiter.GetStatistics(address)?.CurrentAvailablePermits <= 0;

    public void Record(string address)
    {
        using var lease = limiter.AttemptAcquire(address);
    }

    /// <summary>The 429 for a blocked address: tokens come back per minute, so it may try again in one.</summary>
    public Task RejectAsync(HttpContext context) =>
        Problems.RateLimited(context, TimeSpan.FromMinutes(1), "Too many failed authentications from this address.").ExecuteAsync(context);

    public void Dispose() => limiter.Dispose();
}
