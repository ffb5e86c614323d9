namespace CreditLedger.Api.Tests.Auth;

/// <summary>Guessing keys is limited per client address.</summary>
public class FailedAuthenticationTests(FewAuthFailuresFactory api) : IClassFixture<FewAuthFailuresFactory>
{
    [Fact]
    public async Task An_address_that_keeps_failing_is_refused_429_before_any_lookup_even_with_a_good_key()
    {
        var workspace = await api.Workspace();
        for (var i = 0; i < 5; i++)
        {
            await (await api.WithKey($"clk_guess_{i}").GetAsync($"/v1/workspaces/{workspace}/balance")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }

        var refused = await api.Admin().GetAsync($"/v1/workspaces/{workspace}/balance");
        await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        refused.Headers.RetryAfter.ShouldNotBeNull();
    }
}
