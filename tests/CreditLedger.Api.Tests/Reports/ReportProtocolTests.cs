using System.Net.Http.Headers;

namespace CreditLedger.Api.Tests.Reports;

/// <summary>What dashboards and exports rely on: validation, 404s, ETag polling, CSV, the Clay-compatible routes.</summary>
public class ReportProtocolTests(LedgerApiFactory api) : LedgerTest(api)
{
    private string Range => $"from={Uri.EscapeDataString(Api.Clock.GetUtcNow().AddDays(-7).ToString("O"))}&to={Uri.EscapeDataString(Api.Clock.GetUtcNow().AddHours(1).ToString("O"))}";

    [Theory]
    [InlineData("")]
    [InlineData("from=2026-01-01T00:00:00Z")]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2026-01-03T00:00:00Z")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&granularity=minute")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&granularity=Day")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&timeZone=Mars/Base")]
    [InlineData("from=yesterday&to=2026-01-02T00:00:00Z")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&format=xml")]
    public async Task Bad_ranges_and_parameters_are_400(string query) =>
        await (await Api.Admin().GetAsync($"/v1/workspaces/{await Api.Workspace()}/reports/usage?{query}")).ExpectProblem(HttpStatusCode.BadRequest, "validation");

    [Fact]
    public async Task A_range_of_366_days_is_allowed_and_367_is_not()
    {
        var id = await Api.Workspace();
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/usage?from=2025-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&granularity=month")).Expect(HttpStatusCode.OK);
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/usage?from=2025-01-01T00:00:00Z&to=2026-01-03T00:00:00Z&granularity=month"))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Unknown_users_and_integrations_are_404()
    {
        var id = await Api.Workspace();
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/users/{Guid.NewGuid()}/reports/usage?{Range}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/integrations/nope/reports/usage?{Range}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Polling_with_If_None_Match_is_304_until_a_new_event_then_200()
    {
        var id = await Api.Workspace();
        var url = $"/v1/workspaces/{id}/reports/usage?{Range}";
        var first = await Api.Admin().GetAsync(url);
        await first.Expect(HttpStatusCode.OK);
        var etag = first.Headers.ETag!;
        etag.IsWeak.ShouldBeFalse();
        var cache = first.Headers.CacheControl!;
        (cache.Private, cache.MaxAge, cache.MustRevalidate).ShouldBe((true, TimeSpan.Zero, true));

        var poll = new HttpRequestMessage(HttpMethod.Get, url);
        poll.Headers.IfNoneMatch.Add(etag);
        (await Api.Admin().SendAsync(poll)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        await (await Usage(id, new { idempotencyKey = "new", kind = "export", outcome = "failed" })).Expect(HttpStatusCode.Created);

        var after = new HttpRequestMessage(HttpMethod.Get, url);
        after.Headers.IfNoneMatch.Add(etag);
        var changed = await Api.Admin().SendAsync(after);
        (await changed.Expect(HttpStatusCode.OK)).GetProperty("totals").GetProperty("events").GetInt64().ShouldBe(1);
        changed.Headers.ETag!.Tag.ShouldNotBe(etag.Tag);
    }

    [Fact]
    public async Task CSV_has_a_header_and_one_line_per_bucket_or_item()
    {
        var id = await Api.Workspace();
        await (await Usage(id, Enrichment("email_finder", "success"))).Expect(HttpStatusCode.Created);

        var csv = await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/usage?{Range}&format=csv");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).TrimEnd().Split("\r\n");
        var json = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/usage?{Range}")).Expect(HttpStatusCode.OK);
        lines[0].ShouldBe("start,end,actions,dataCredits,events");
        lines.Length.ShouldBe(1 + json.GetProperty("series").GetArrayLength());
        lines[1].ShouldBe(string.Join(',', json.GetProperty("series")[0].EnumerateObject().Select(p => p.Value.ToString())));

        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/workspaces/{id}/reports/integrations?{Range}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var integrations = (await (await Api.Admin().SendAsync(request)).Content.ReadAsStringAsync()).TrimEnd().Split("\r\n");
        integrations[0].ShouldBe("integration,name,actions,dataCredits,events,attempts,successes");
        integrations[1].ShouldBe("leadmagic,LeadMagic,1,1,1,1,1");

        var users = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/users?{Range}&format=csv")).Content.ReadAsStringAsync()).Split("\r\n");
        users[0].ShouldBe("userId,email,name,actions,dataCredits,events");
        users[1].ShouldBe(",,,1,1,1");
    }

}
