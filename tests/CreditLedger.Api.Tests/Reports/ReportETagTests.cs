namespace CreditLedger.Api.Tests.Reports;

/// <summary>A report's ETag changes whenever its body would: usage, but also the users and catalog names it shows.</summary>
public class ReportETagTests(LedgerApiFactory api) : LedgerTest(api)
{
    private const string Range = "from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z";

    private async Task<string> ETag(string url) =>
        (await Api.Admin().GetAsync(url)).Headers.ETag!.Tag;

    [Fact]
    public async Task Adding_a_user_changes_the_users_report_ETag()
    {
        var id = await Api.Workspace();
        var url = $"/v1/workspaces/{id}/reports/users?{Range}";
        var before = await ETag(url);
        await Api.User(id);
        (await ETag(url)).ShouldNotBe(before);
    }

    [Fact]
    public async Task Changing_the_catalog_changes_the_integrations_report_ETag()
    {
        var id = await Api.Workspace();
        var url = $"/v1/workspaces/{id}/reports/integrations?{Range}";
        var before = await ETag(url);
        await (await Api.Admin().Put($"/v1/integrations/etag_probe", new
        {
            name = "Probe",
            services = new[] { new { key = "s", name = "S", dataCredits = 1, actions = 1, chargePolicy = "on_success" } },
        })).Expect(HttpStatusCode.OK);
        (await ETag(url)).ShouldNotBe(before);
    }

    [Fact]
    public async Task Renaming_an_integration_in_the_same_instant_still_changes_the_ETag()
    {
        // The test clock stands still: a version that followed timestamps would not move, and a poll would get a stale 304.
        var id = await Api.Workspace();
        var url = $"/v1/workspaces/{id}/reports/integrations?{Range}";
        await PutProbe("Before");
        var before = await ETag(url);
        await PutProbe("After");
        (await ETag(url)).ShouldNotBe(before);
    }

    private async Task PutProbe(string name) =>
        await (await Api.Admin().Put("/v1/integrations/etag_rename", new
        {
            name,
            services = new[] { new { key = "s", name = "S", dataCredits = 1, actions = 1, chargePolicy = "on_success" } },
        })).Expect(HttpStatusCode.OK);

    [Fact]
    public async Task Every_query_parameter_is_part_of_the_ETag()
    {
        var id = await Api.Workspace();
        (await ETag($"/v1/workspaces/{id}/reports/usage?{Range}&granularity=week"))
            .ShouldNotBe(await ETag($"/v1/workspaces/{id}/reports/usage?{Range}&granularity=month"));
    }
}
