using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CreditLedger.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Tests.Auth;

public class RateLimitTests(RateLimitedApiFactory api) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_Retry_After_and_other_keys_are_unaffected()
    {
        var id = await api.Workspace();
        var (_, key) = await api.ApiKey(id);
        var client = api.WithKey(key);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.GetAsync($"/v1/workspaces/{id}")).StatusCode);
        }

        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
        var limited = await client.GetAsync($"/v1/workspaces/{id}");
        await limited.ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        limited.Headers.RetryAfter.ShouldNotBeNull();
        var (_, other) = await api.ApiKey(id);
        await (await api.WithKey(other).GetAsync($"/v1/workspaces/{id}")).Expect(HttpStatusCode.OK);
    }
}

/// <summary>A class of its own, so its fixture's admin bucket is full for the set-up (the admin key is limited too).</summary>
public class RateLimitRefillTests(RateLimitedApiFactory api) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task A_limited_key_is_served_again_once_its_bucket_refills()
    {
        var id = await api.Workspace();
        var (_, key) = await api.ApiKey(id);
        var client = api.WithKey(key);
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync($"/v1/workspaces/{id}")).StatusCode;
        }
        while (status != HttpStatusCode.TooManyRequests);

        // One permit a second: waits on the observable refill, bounded, instead of sleeping a guessed time.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while ((status = (await client.GetAsync($"/v1/workspaces/{id}")).StatusCode) == HttpStatusCode.TooManyRequests && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        status.ShouldBe(HttpStatusCode.OK);
    }
}
