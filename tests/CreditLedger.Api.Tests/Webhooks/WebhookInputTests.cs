using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Tests.Webhooks;

/// <summary>With the default settings: https only, no inner addresses (SSRF), secrets shown once and stored encrypted, scopes and tenants kept apart.</summary>
public class WebhookInputTests(LedgerApiFactory api) : LedgerTest(api)
{
    /// <summary>
    /// A public address as a literal (this machine resolves no names outside). Nothing is ever sent to it: no test here
    /// raises an event its webhooks subscribe to. (The documentation ranges are refused like every special-purpose range.)
    /// </summary>
    private const string PublicUrl = "https://8.8.8.8/hook";

    private Task<HttpResponseMessage> Create(Guid id, object body, HttpClient? client = null) =>
        (client ?? Api.Admin()).Post($"/v1/workspaces/{id}/webhooks", body);

    /// <summary>Every way of writing an address that is not the public internet: each is normalised before it is judged.</summary>
    public static TheoryData<string> InnerUrls => new()
    {
        "http://hooks.example.com/x", "https://localhost:8443/x",
        // IPv4, dotted and in the decimal, octal, hexadecimal and short forms resolvers accept
        "https://127.0.0.1/x", "https://2130706433/x", "https://0177.0.0.1/x", "https://0x7f000001/x", "https://0x7f.0.0.1/x", "https://127.1/x",
        "https://0.0.0.0/x", "https://10.1.2.3/x", "https://172.16.0.9/x", "https://192.168.1.1/x", "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1/x", "https://192.0.0.8/x", "https://192.0.2.1/x", "https://198.51.100.7/x", "https://203.0.113.10/x",
        "https://198.18.0.1/x", "https://198.19.255.254/x", "https://192.88.99.1/x", "https://224.0.0.1/x", "https://239.255.255.250/x",
        "https://240.0.0.1/x", "https://255.255.255.255/x",
        // IPv6: loopback and unspecified with and without a zone id, every IPv4-embedding form of loopback and metadata
        "https://[::1]/x", "https://[::1%2513]:5098/internal", "https://[::]/x", "https://[::%2513]/x", "https://[0:0:0:0:0:0:0:1]/x",
        "https://[::127.0.0.1]/x", "https://[::ffff:127.0.0.1]/x", "https://[::ffff:7f00:1]/x", "https://[::ffff:0:7f00:1]/x",
        "https://[64:ff9b::7f00:1]/x", "https://[64:ff9b::169.254.169.254]/x", "https://[64:ff9b:1::a00:1]/x", "https://[2002:7f00:1::]/x",
        "https://[2002:a9fe:a9fe::1]/x", "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/x",
        // IPv6 special-purpose ranges: link-local (with a zone), site-local, unique-local, multicast, documentation, benchmarking, discard
        "https://[fe80::1]/x", "https://[fe80::1%25eth0]/x", "https://[fec0::1]/x", "https://[fd00::1]/x", "https://[fc00::1]/x",
        "https://[ff02::1]/x", "https://[ff05::1:3]/x", "https://[2001:db8::1]/x", "https://[3fff::1]/x", "https://[2001:2::1]/x",
        "https://[100::1]/x",
    };

    [Theory]
    [MemberData(nameof(InnerUrls))]
    public async Task Insecure_and_inner_urls_are_400_and_store_nothing(string url)
    {
        var id = await Api.Workspace();

        var problem = await (await Create(id, new { url, events = new[] { "balance.low" } })).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        problem.GetProperty("errors").TryGetProperty("url", out _).ShouldBeTrue();
        (await Count("webhooks", id)).ShouldBe(0);
    }

    [Theory]
    [InlineData("https://8.8.8.8/hook")]
    [InlineData("https://[2606:4700:4700::1111]/hook")]
    [InlineData("https://[64:ff9b::808:808]/hook")]
    [InlineData("https://[2002:808:808::1]/hook")]
    [InlineData("https://[::ffff:8.8.8.8]/hook")]
    public async Task Public_addresses_in_any_form_are_accepted(string url)
    {
        var id = await Api.Workspace();

        await (await Create(id, new { url, events = new[] { "ping" } })).Expect(HttpStatusCode.Created);

        (await Count("webhooks", id)).ShouldBe(1);
    }

    [Theory]
    [InlineData("""{"url":"https://hooks.example.com/x","events":[]}""", "events")]
    [InlineData("""{"url":"https://hooks.example.com/x"}""", "events")]
    [InlineData("""{"url":"https://hooks.example.com/x","events":["balance.lowish"]}""", "events[0]")]
    [InlineData("""{"url":"https://hooks.example.com/x","events":["ping","ping"]}""", "events")]
    [InlineData("""{"url":"ftp://hooks.example.com/x","events":["ping"]}""", "url")]
    [InlineData("""{"url":"https://user:pass@hooks.example.com/x","events":["ping"]}""", "url")]
    [InlineData("""{"url":"not a url","events":["ping"]}""", "url")]
    [InlineData("""{"events":["ping"]}""", "url")]
    public async Task A_malformed_subscription_is_400_naming_the_field(string json, string field)
    {
        var id = await Api.Workspace();

        var problem = await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/webhooks", json)).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
        (await Count("webhooks", id)).ShouldBe(0);
    }

    [Theory]
    [InlineData("""{"dataCredits":{"lowBalance":-1}}""")]
    [InlineData("""{"actions":{"lowBalance":1e30}}""")]
    [InlineData("""{"expiringWithinDays":0}""")]
    [InlineData("""{"expiringWithinDays":91}""")]
    [InlineData("""{"dataCredits":5}""")]
    public async Task Bad_alert_settings_are_400_and_change_nothing(string json)
    {
        var id = await Api.Workspace();
        var before = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/alerts")).Expect(HttpStatusCode.OK);

        var response = await Api.Admin().SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/v1/workspaces/{id}/alerts")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });

        await response.ExpectProblem(HttpStatusCode.BadRequest, "validation");
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/alerts")).Expect(HttpStatusCode.OK)).ToString().ShouldBe(before.ToString());
    }

    [Fact]
    public async Task Alert_settings_keep_what_a_request_leaves_out()
    {
        var id = await Api.Workspace();

        await (await Api.Admin().Put($"/v1/workspaces/{id}/alerts", new { actions = new { lowBalance = 50 }, dataCredits = new { lowBalance = 10 } })).Expect(HttpStatusCode.OK);
        var after = await (await Api.Admin().Put($"/v1/workspaces/{id}/alerts", new { dataCredits = new { lowBalance = (decimal?)null }, expiringWithinDays = 14 }))
            .Expect(HttpStatusCode.OK);

        after.GetProperty("actions").Amount("lowBalance").ShouldBe(50);
        after.GetProperty("dataCredits").GetProperty("lowBalance").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        after.GetProperty("expiringWithinDays").GetInt32().ShouldBe(14);
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_stored_encrypted()
    {
        var id = await Api.Workspace();

        var created = await (await Create(id, new { url = PublicUrl, events = new[] { "ping" } })).Expect(HttpStatusCode.Created);

        var secret = created.Str("secret");
        secret.ShouldStartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBe(32);
        var listed = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/webhooks")).Expect(HttpStatusCode.OK);
        listed.ToString().ShouldNotContain("secret");
        var stored = await Api.ScalarAsync<string>("SELECT secret FROM webhooks WHERE workspace_id = $1", id);
        stored.ShouldNotContain(secret["whsec_".Length..]);
        (await Api.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys")).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Webhooks_need_the_manage_scope_and_another_workspaces_webhook_is_unknown()
    {
        var (mine, theirs) = (await Api.Workspace(), await Api.Workspace());
        var reader = Api.WithKey((await (await Api.Admin().Post($"/v1/workspaces/{mine}/api-keys", new { name = "dash", scopes = new[] { "reports:read" } }))
            .Expect(HttpStatusCode.Created)).Str("key"));
        await (await Create(mine, new { url = PublicUrl, events = new[] { "ping" } }, reader)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await reader.Put($"/v1/workspaces/{mine}/alerts", new { expiringWithinDays = 3 })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var foreign = (await (await Create(theirs, new { url = PublicUrl, events = new[] { "ping" } })).Expect(HttpStatusCode.Created)).Id();

        await (await Api.Admin().DeleteAsync($"/v1/workspaces/{mine}/webhooks/{foreign}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Api.Admin().GetAsync($"/v1/workspaces/{mine}/webhooks/{foreign}/deliveries")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Api.Admin().Post($"/v1/workspaces/{mine}/webhooks/{foreign}/test", new { })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        (await Count("webhooks", theirs)).ShouldBe(1);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=x")]
    [InlineData("cursor=garbage")]
    [InlineData("cursor=99999999999999999999.00000000000000000000000000000000")]
    public async Task A_bad_delivery_page_request_is_400(string query)
    {
        var id = await Api.Workspace();
        var webhook = (await (await Create(id, new { url = PublicUrl, events = new[] { "ping" } })).Expect(HttpStatusCode.Created)).Id();

        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/webhooks/{webhook}/deliveries?{query}")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }
}
