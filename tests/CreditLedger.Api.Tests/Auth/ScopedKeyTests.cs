using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Auth;

/// <summary>Keys hold scopes; a key for a dashboard cannot record usage; the admin lists keys with when each was last used.</summary>
public class ScopedKeyTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task A_reports_only_key_reads_but_cannot_record_and_says_which_scope_is_missing()
    {
        var id = await Api.Workspace();
        var minted = await (await Api.Admin().Post($"/v1/workspaces/{id}/api-keys", new { name = "dashboard", scopes = new[] { "reports:read" } }))
            .Expect(HttpStatusCode.Created);
        minted.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["reports:read"]);
        var dashboard = Api.WithKey(minted.Str("key"));

        var me = await (await dashboard.GetAsync("/v1/me")).Expect(HttpStatusCode.OK);
        me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["reports:read"]);
        await (await dashboard.GetAsync($"/v1/workspaces/{id}/balance")).Expect(HttpStatusCode.OK);
        var refused = await (await dashboard.Post($"/v1/workspaces/{id}/usage", new { idempotencyKey = "x", kind = "export" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        refused.Str("detail").ShouldContain("usage:write");
        (await Api.ScalarAsync<long>($"SELECT count(*) FROM usage_events WHERE workspace_id = '{id}'")).ShouldBe(0);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[\"admin\"]")]
    [InlineData("\"manage\"")]
    public async Task Unknown_or_empty_scopes_are_400(string scopes)
    {
        var id = await Api.Workspace();
        await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/api-keys", $$"""{"name":"k","scopes":{{scopes}}}""")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        (await Api.ScalarAsync<long>($"SELECT count(*) FROM api_keys WHERE workspace_id = '{id}'")).ShouldBe(0);
    }

    [Fact]
    public async Task The_admin_lists_keys_with_scopes_and_last_use_but_never_the_key()
    {
        var id = await Api.Workspace();
        var (keyId, key) = await Api.ApiKey(id);
        var listed = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/api-keys")).Expect(HttpStatusCode.OK);
        var item = listed.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("lastUsedAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        item.GetProperty("scopes").GetArrayLength().ShouldBe(3);
        item.TryGetProperty("key", out _).ShouldBeFalse();

        await (await Api.WithKey(key).GetAsync($"/v1/workspaces/{id}")).Expect(HttpStatusCode.OK);
        var used = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/api-keys")).Expect(HttpStatusCode.OK)).GetProperty("items")[0];
        used.GetProperty("lastUsedAt").GetDateTimeOffset().ShouldBe(Api.Clock.GetUtcNow(), TimeSpan.FromMilliseconds(1));

        await Api.Services.GetRequiredService<CreditLedger.Api.Auth.ApiKeyUsage>().FlushAsync(CancellationToken.None);
        (await Api.ScalarAsync<DateTime>($"SELECT last_used_at FROM api_keys WHERE id = '{keyId}'")).ShouldBe(Api.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromMilliseconds(1));
    }
}
