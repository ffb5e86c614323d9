using CreditLedger.Api.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Auth;

/// <summary>A client retrying a wrong key costs no database query: the key is remembered as unknown.</summary>
public class UnknownKeyCacheTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task An_unknown_key_is_remembered_as_unknown_after_its_401()
    {
        var workspace = await api.Workspace();
        var hash = ApiKeys.Hash("clk_never_minted");
        var cache = api.Services.GetRequiredService<ApiKeyCache>();

        await (await api.WithKey("clk_never_minted").GetAsync($"/v1/workspaces/{workspace}/balance")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");

        cache.Find(hash).ShouldBeSameAs(ApiKeyCache.Unknown);
        await (await api.WithKey("clk_never_minted").GetAsync($"/v1/workspaces/{workspace}/balance")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
