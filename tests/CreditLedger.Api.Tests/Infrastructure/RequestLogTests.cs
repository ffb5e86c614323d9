using CreditLedger.Api.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>
/// The ingest routes' successful requests are summarized (a line per route and status per interval), not logged one by
/// one; everything else, and every refusal, still has its own line.
/// </summary>
public class RequestLogTests(SummarizedRequestLogFactory api) : IClassFixture<SummarizedRequestLogFactory>
{
    private const string SingleRoute = "/v1/workspaces/{workspaceId:guid}/usage/";
    private const string BatchRoute = "/v1/workspaces/{workspaceId:guid}/usage/batch";

    private static object Export(string key) => new { idempotencyKey = key, kind = "export" };

    [Fact]
    public async Task Successful_usage_requests_are_counted_in_one_summary_line_per_route_and_status_instead_of_a_line_each()
    {
        var writer = api.Services.GetRequiredService<RequestLogSummaryWriter>();
        writer.Write(); // what earlier tests counted is reported before this one counts
        var id = await api.Workspace(actions: 100);
        for (var i = 0; i < 3; i++)
        {
            await (await api.Admin().Post($"/v1/workspaces/{id}/usage", Export($"single-{i}"))).Expect(HttpStatusCode.Created);
        }

        await (await api.Admin().Post($"/v1/workspaces/{id}/usage", Export("single-0"))).Expect(HttpStatusCode.OK);
        await (await api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events = new[] { Export("b-1"), Export("b-2") } }))
            .Expect(HttpStatusCode.OK);
        var before = api.Lines.Count;

        writer.Write();

        var summary = api.Lines.Skip(before).ToList();
        summary.ShouldContain(line => line.StartsWith($"HTTP POST {SingleRoute} responded 201 3 times (mean ", StringComparison.Ordinal));
        summary.ShouldContain(line => line.StartsWith($"HTTP POST {SingleRoute} responded 200 1 times (mean ", StringComparison.Ordinal));
        summary.ShouldContain(line => line.StartsWith($"HTTP POST {BatchRoute} responded 200 1 times (mean ", StringComparison.Ordinal));
        api.Lines.ShouldNotContain(line => line.Contains($"/v1/workspaces/{id}/usage", StringComparison.Ordinal), "a counted request was also logged on its own");
    }

    [Fact]
    public async Task Refused_usage_requests_and_other_routes_keep_a_line_each()
    {
        var id = await api.Workspace(actions: 100);

        await (await api.Admin().Post($"/v1/workspaces/{id}/usage", new { idempotencyKey = "bad", kind = "not-a-kind" })).Expect(HttpStatusCode.BadRequest);
        await (await api.Admin().GetAsync($"/v1/workspaces/{id}/balance")).Expect(HttpStatusCode.OK);

        await Poll.UntilAsync(() => api.Lines.Any(line => line.Contains($"HTTP POST /v1/workspaces/{id}/usage responded 400", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5), "the refused event was never logged");
        await Poll.UntilAsync(() => api.Lines.Any(line => line.Contains($"HTTP GET /v1/workspaces/{id}/balance responded 200", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5), "the balance request was never logged");
    }

    [Fact]
    public async Task The_last_counts_are_written_when_the_service_stops()
    {
        var own = new SummarizedRequestLogFactory();
        await own.InitializeAsync();
        try
        {
            var id = await own.Workspace(actions: 100);
            await (await own.Admin().Post($"/v1/workspaces/{id}/usage", Export("last"))).Expect(HttpStatusCode.Created);

            await own.DisposeAsync(); // stops the host: its hosted services finish

            own.Lines.ShouldContain(line => line.StartsWith($"HTTP POST {SingleRoute} responded 201 1 times", StringComparison.Ordinal));
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await TestDatabases.DropAsync(own.DatabaseName);
        }
    }
}

/// <summary>With <c>CreditLedger:Logging:SummaryInterval</c> zero, every request has its own line again.</summary>
public class UnsummarizedRequestLogTests(UnsummarizedRequestLogFactory api) : IClassFixture<UnsummarizedRequestLogFactory>
{
    [Fact]
    public async Task Every_successful_usage_request_is_logged_on_its_own_line()
    {
        var id = await api.Workspace(actions: 100);

        await (await api.Admin().Post($"/v1/workspaces/{id}/usage", new { idempotencyKey = "one", kind = "export" })).Expect(HttpStatusCode.Created);

        await Poll.UntilAsync(() => api.Lines.Any(line => line.Contains($"HTTP POST /v1/workspaces/{id}/usage responded 201", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5), "the recorded event was never logged");
    }
}
