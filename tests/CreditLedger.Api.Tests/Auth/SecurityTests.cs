using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CreditLedger.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Tests.Auth;

public class SecurityTests(LogCapturingApiFactory api) : IClassFixture<LogCapturingApiFactory>
{
    /// <summary>Every /v1 and /v3 route the app maps, with its HTTP methods and whether it is admin-only.</summary>
    private IEnumerable<(string Method, string Pattern, bool AdminOnly)> Routes() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/v1", StringComparison.Ordinal) || raw.StartsWith("/v3", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, e.RoutePattern.RawText!, e.Metadata.GetMetadata<AdminOnlyAttribute>() is not null)));

    private static string Fill(string pattern, Guid workspaceId) => Regex.Replace(pattern, @"\{(\w+)(:\w+)?\}", m => m.Groups[1].Value switch
    {
        "workspaceId" => workspaceId.ToString(),
        "integrationKey" => "leadmagic",
        _ => Guid.NewGuid().ToString(),
    });

    private static HttpRequestMessage Request(string method, string url) => new(new HttpMethod(method), url + (url.Contains("reports") || url.Contains("creditReportType") ? "?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z" : ""))
    {
        Content = method is "POST" or "PUT" ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null,
    };

    [Fact]
    public async Task A_workspace_key_gets_404_on_every_route_of_another_workspace()
    {
        var (mine, theirs) = (await api.Workspace(), await api.Workspace());
        var client = await api.WorkspaceClient(mine);
        var entries = await api.ScalarAsync<long>("SELECT count(*) FROM ledger_entries");
        var routes = Routes().Where(r => r.Pattern.Contains("{workspaceId", StringComparison.Ordinal)).ToList();
        routes.Count.ShouldBeGreaterThan(20);

        foreach (var (method, pattern, _) in routes)
        {
            var response = await client.SendAsync(Request(method, Fill(pattern, theirs)));
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{method} {pattern}");
        }

        (await api.ScalarAsync<long>("SELECT count(*) FROM ledger_entries")).ShouldBe(entries);
    }

    [Fact]
    public async Task A_workspace_key_gets_403_on_every_admin_route()
    {
        var mine = await api.Workspace();
        var client = await api.WorkspaceClient(mine);
        var admin = Routes().Where(r => r.AdminOnly).ToList();
        admin.Select(r => r.Pattern).ShouldContain("/v1/workspaces/{workspaceId:guid}/grants");

        foreach (var (method, pattern, _) in admin)
        {
            var response = await client.SendAsync(Request(method, Fill(pattern, mine)));
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{method} {pattern}");
        }
    }

    private const string AnyScope = "(any)";

    [Fact]
    public async Task Every_workspace_route_answers_403_exactly_when_the_key_lacks_its_scope()
    {
        var id = await api.Workspace();
        var routes = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.Contains("{workspaceId", StringComparison.Ordinal)
                && e.Metadata.GetMetadata<AdminOnlyAttribute>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (Method: m, Pattern: e.RoutePattern.RawText!,
                    Scope: e.Metadata.GetMetadata<RequiresScopeAttribute>()?.Scope ?? (e.Metadata.GetMetadata<AnyScopeAttribute>() is null ? null : AnyScope))))
            .ToList();
        routes.Where(r => r.Scope is null).ShouldBeEmpty("every workspace route that is not admin-only names the scope it needs, or that any key may call it");
        string[][] scopeSets = [[Scopes.UsageWrite], [Scopes.ReportsRead], [Scopes.Manage], [Scopes.UsageWrite, Scopes.ReportsRead],
            [Scopes.UsageWrite, Scopes.Manage], [Scopes.ReportsRead, Scopes.Manage], [.. Scopes.All]];
        var entries = await api.ScalarAsync<long>("SELECT count(*) FROM ledger_entries");

        var wrong = new List<string>();
        foreach (var scopes in scopeSets)
        {
            var minted = await (await api.Admin().Post($"/v1/workspaces/{id}/api-keys", new { name = "scoped", scopes })).Expect(HttpStatusCode.Created);
            var client = api.WithKey(minted.Str("key"));
            foreach (var (method, pattern, scope) in routes)
            {
                var status = (await client.SendAsync(Request(method, Fill(pattern, id)))).StatusCode;
                if ((status == HttpStatusCode.Forbidden) != (scope != AnyScope && !scopes.Contains(scope)))
                {
                    wrong.Add($"[{string.Join(' ', scopes)}] {method} {pattern} needs {scope}: {(int)status}");
                }
            }
        }

        wrong.ShouldBeEmpty(string.Join('\n', wrong));
        (await api.ScalarAsync<long>("SELECT count(*) FROM ledger_entries")).ShouldBe(entries);
    }

    [Fact]
    public async Task Every_route_needs_a_key()
    {
        var id = await api.Workspace();
        foreach (var (method, pattern, _) in Routes())
        {
            var response = await api.WithKey(null).SendAsync(Request(method, Fill(pattern, id)));
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {pattern}");
        }
    }

    [Fact]
    public async Task Keys_never_reach_the_logs()
    {
        var id = await api.Workspace();
        var (_, key) = await api.ApiKey(id);
        var viaHeader = api.WithKey(null);
        viaHeader.DefaultRequestHeaders.Add("X-Api-Key", key);
        await (await api.WithKey(key).GetAsync($"/v1/workspaces/{id}")).Expect(HttpStatusCode.OK);
        await (await viaHeader.GetAsync($"/v1/workspaces/{id}/balance")).Expect(HttpStatusCode.OK);
        await api.WithKey(key + "x").GetAsync($"/v1/workspaces/{id}");
        await api.WithKey(key).PostRaw($"/v1/workspaces/{id}/usage", "{broken");
        await api.WithKey(key).GetAsync($"/v1/workspaces/{id}/ledger?cursor=query-string-secret");

        // The request line is written when the pipeline finishes, just after the client has its response.
        await Logged(line => line.Contains($"HTTP GET /v1/workspaces/{id}/balance responded 200"), "the balance request was never logged");
        await Logged(line => line.Contains($"/v1/workspaces/{id}/ledger responded 400"), "the refused ledger request was never logged");
        api.Lines.ShouldAllBe(line => !line.Contains("query-string-secret"));
        api.Lines.ShouldAllBe(line => !line.Contains(key) && !line.Contains(LedgerApiFactory.AdminKey));
    }

    [Fact]
    public async Task A_webhook_urls_path_never_reaches_the_logs_only_its_host()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => (n == 1 ? 500 : 200, TimeSpan.Zero);
        var id = await api.Workspace();
        var url = $"http://127.0.0.1:{receiver.Port}/services/T0001/B0001/path-secret-token?token=query-secret-token";
        var webhook = (await (await api.Admin().Post($"/v1/workspaces/{id}/webhooks", new { url, events = new[] { "ping" } }))
            .Expect(HttpStatusCode.Created)).Id();

        await (await api.Admin().Post($"/v1/workspaces/{id}/webhooks/{webhook}/test", new { })).Expect(HttpStatusCode.Accepted);
        await Poll.UntilAsync(() => receiver.Received.Count > 0, TimeSpan.FromSeconds(30), "the ping was never delivered");
        await Logged(line => line.Contains("Webhook delivery to") && line.Contains($"127.0.0.1:{receiver.Port}") && line.Contains("answered 500"),
            "the attempt was never logged");
        await (await api.Admin().GetAsync($"/v1/workspaces/{id}/webhooks")).Expect(HttpStatusCode.OK);

        api.Lines.ShouldAllBe(line => !line.Contains("path-secret-token") && !line.Contains("query-secret-token"));
    }

    private Task Logged(Func<string, bool> match, string because) =>
        Poll.UntilAsync(() => api.Lines.Any(match), TimeSpan.FromSeconds(5), because);

    [Fact]
    public async Task Responses_carry_security_headers_and_no_CORS_unless_configured()
    {
        var response = await api.Admin().GetAsync("/v1/integrations");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();

        var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/integrations");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        (await api.Admin().SendAsync(preflight)).Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }
}
