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
