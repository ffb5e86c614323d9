using System.Text.Json;

namespace CreditLedger.Api.Tests.Credits;

/// <summary>Auto top-up rules as settings: shown with their defaults and this cycle's count, kept, replaced and removed part by part.</summary>
public class AutoTopUpRuleTests(LedgerApiFactory api) : LedgerTest(api)
{
    private static string Url(Guid id) => $"/v1/workspaces/{id}/auto-top-up";

    private async Task<JsonElement> Rules(Guid id) => await (await Api.Admin().GetAsync(Url(id))).Expect(HttpStatusCode.OK);

    [Fact]
    public async Task A_workspace_starts_without_rules()
    {
        var id = await Api.Workspace();

        (await Rules(id)).GetRawText().ShouldBe("""{"actions":null,"dataCredits":null}""");
    }

    [Fact]
    public async Task A_rule_is_shown_with_its_defaults_an_omitted_part_keeps_its_rule_and_null_removes_one()
    {
        var id = await Api.Workspace();

        var set = await (await Api.Admin().Put(Url(id), new { dataCredits = new { below = 50, amount = 1000, mode = "grant" } })).Expect(HttpStatusCode.OK);
        set.GetRawText().ShouldBe("""{"actions":null,"dataCredits":{"below":50,"amount":1000,"mode":"grant","unitPrice":0,"maxPerCycle":5,"usedThisCycle":0}}""");

        await (await Api.Admin().Put(Url(id), new { actions = new { below = 10, amount = 200, mode = "request", unitPrice = 0.002m, maxPerCycle = 2 } }))
            .Expect(HttpStatusCode.OK);
        var both = await Rules(id);
        both.GetProperty("dataCredits").Amount("amount").ShouldBe(1000);
        (both.GetProperty("actions").Str("mode"), both.GetProperty("actions").Amount("unitPrice"), both.GetProperty("actions").GetProperty("maxPerCycle").GetInt32())
            .ShouldBe(("request", 0.002m, 2));

        var removed = await (await Api.Admin().PutRaw(Url(id), """{"dataCredits":null}""")).Expect(HttpStatusCode.OK);
        removed.GetProperty("dataCredits").ValueKind.ShouldBe(JsonValueKind.Null);
        removed.GetProperty("actions").Amount("below").ShouldBe(10);
        (await Rules(id)).GetRawText().ShouldBe(removed.GetRawText());
    }

    [Theory]
    [InlineData("""{"dataCredits":{"below":0,"amount":10,"mode":"grant"}}""", "dataCredits.below")]
    [InlineData("""{"dataCredits":{"below":5,"amount":-1,"mode":"grant"}}""", "dataCredits.amount")]
    [InlineData("""{"dataCredits":{"below":5,"amount":10.12345,"mode":"grant"}}""", "dataCredits.amount")]
    [InlineData("""{"dataCredits":{"below":5,"amount":10}}""", "dataCredits.mode")]
    [InlineData("""{"actions":{"below":5,"amount":10,"mode":"invoice"}}""", "actions.mode")]
    [InlineData("""{"actions":{"below":5,"amount":10,"mode":"grant","maxPerCycle":0}}""", "actions.maxPerCycle")]
    [InlineData("""{"actions":{"below":5,"amount":10,"mode":"grant","maxPerCycle":101}}""", "actions.maxPerCycle")]
    [InlineData("""{"actions":{"below":5,"amount":10,"mode":"grant","unitPrice":-0.5}}""", "actions.unitPrice")]
    [InlineData("""{"actions":{"below":5,"amount":10,"mode":"grant","unitPrice":0.0000001}}""", "actions.unitPrice")]
    [InlineData("""{"actions":{"below":5,"amount":1000000000000000.0001,"mode":"grant"}}""", "actions.amount")]
    public async Task A_bad_rule_is_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        var id = await Api.Workspace();
        await (await Api.Admin().Put(Url(id), new { actions = new { below = 1, amount = 2, mode = "grant" } })).Expect(HttpStatusCode.OK);
        var before = (await Rules(id)).GetRawText();

        var problem = await (await Api.Admin().PutRaw(Url(id), body)).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain(field);
        (await Rules(id)).GetRawText().ShouldBe(before);
    }

    [Theory]
    [InlineData("""{"actions":{"below":5,"amount":10,"mode":"grant","extra":1}}""")]
    [InlineData("""{"pennies":{"below":5,"amount":10,"mode":"grant"}}""")]
    [InlineData("""{"actions":{"below":"5","amount":10,"mode":"grant"}}""")]
    [InlineData("""{"actions":[]}""")]
    public async Task A_body_of_another_shape_is_400_and_changes_nothing(string body)
    {
        var id = await Api.Workspace();

        (await (await Api.Admin().PutRaw(Url(id), body)).Json()).GetProperty("status").GetInt32().ShouldBe(400);
        (await Rules(id)).GetRawText().ShouldBe("""{"actions":null,"dataCredits":null}""");
    }

    [Fact]
    public async Task Only_the_admin_key_sets_rules_and_a_reports_read_key_reads_them()
    {
        var id = await Api.Workspace();
        var manage = await (await Api.Admin().Post($"/v1/workspaces/{id}/api-keys", new { name = "ops", scopes = new[] { "manage", "reports:read" } }))
            .Expect(HttpStatusCode.Created);
        var reader = await (await Api.Admin().Post($"/v1/workspaces/{id}/api-keys", new { name = "dash", scopes = new[] { "reports:read" } }))
            .Expect(HttpStatusCode.Created);
        var ingest = await (await Api.Admin().Post($"/v1/workspaces/{id}/api-keys", new { name = "ingest", scopes = new[] { "usage:write" } }))
            .Expect(HttpStatusCode.Created);
        var rule = new { dataCredits = new { below = 5, amount = 10, mode = "grant" } };

        await (await Api.WithKey(manage.Str("key")).Put(Url(id), rule)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Api.WithKey(reader.Str("key")).GetAsync(Url(id))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Api.WithKey(ingest.Str("key")).GetAsync(Url(id))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Count("auto_top_up_rules", id)).ShouldBe(0);
    }

    [Fact]
    public async Task Another_workspaces_key_and_an_unknown_workspace_are_refused()
    {
        var id = await Api.Workspace();
        var other = await Api.WorkspaceClient(await Api.Workspace());

        (await other.GetAsync(Url(id))).StatusCode.ShouldBe(HttpStatusCode.NotFound, "another tenant's workspace does not exist for this key");
        (await other.Put(Url(id), new { actions = (object?)null })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await Api.Admin().GetAsync(Url(Guid.NewGuid()))).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Api.Admin().Put(Url(Guid.NewGuid()), new { actions = (object?)null })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }
}
