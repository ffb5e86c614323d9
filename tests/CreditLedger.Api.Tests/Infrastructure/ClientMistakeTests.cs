using System.Text.RegularExpressions;

namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>Timestamps in any offset, ISO 8601 only; mistakes named as the client sent them; JSON types kept apart in replays.</summary>
public class ClientMistakeTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task Timestamps_with_any_offset_are_accepted_everywhere_and_answered_in_UTC()
    {
        var id = await Api.Workspace();
        var expires = Api.Clock.GetUtcNow().AddDays(3);
        var local = expires.ToOffset(TimeSpan.FromHours(5)).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
        var grant = await (await Api.Admin().Post($"/v1/workspaces/{id}/grants",
            new { currency = "actions", amount = 5, source = "promotion", idempotencyKey = "g", expiresAt = local })).Expect(HttpStatusCode.Created);
        grant.Str("expiresAt").ShouldEndWith("Z");
        DateTimeOffset.Parse(grant.Str("expiresAt")).ShouldBe(DateTimeOffset.Parse(local));

        var from = Uri.EscapeDataString(Api.Clock.GetUtcNow().AddDays(-1).ToOffset(TimeSpan.FromHours(5)).ToString("yyyy-MM-dd'T'HH:mm:sszzz"));
        var ledger = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger?from={from}")).Expect(HttpStatusCode.OK);
        ledger.GetProperty("items").GetArrayLength().ShouldBe(3);
        var to = Uri.EscapeDataString(Api.Clock.GetUtcNow().AddDays(1).ToOffset(TimeSpan.FromHours(-9.5)).ToString("yyyy-MM-dd'T'HH:mm:sszzz"));
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/usage?from={from}&to={to}")).Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("12/02/2026 05:56")]
    [InlineData("Wednesday, 02 December 2026")]
    [InlineData("2026-12-02")]
    [InlineData("1/2/2026")]
    public async Task Timestamps_that_are_not_ISO_8601_are_400_in_bodies_and_queries(string text)
    {
        var id = await Api.Workspace();
        var body = await (await Usage(id, new { idempotencyKey = "t", kind = "export", occurredAt = text })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        body.GetProperty("errors").TryGetProperty("occurredAt", out _).ShouldBeTrue();
        var query = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/usage?from={Uri.EscapeDataString(text)}&to=2026-12-03T00:00:00Z"))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        query.GetProperty("errors").TryGetProperty("from", out _).ShouldBeTrue();
        var ledger = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger?to={Uri.EscapeDataString(text)}")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        ledger.GetProperty("errors").TryGetProperty("to", out _).ShouldBeTrue();
        (await Count("usage_events", id)).ShouldBe(0);
    }

    [Theory]
    [InlineData("/ledger?limit=abc", "limit")]
    [InlineData("/ledger?limit=1e9", "limit")]
    [InlineData("/grants?active=maybe", "active")]
    public async Task Query_values_that_cannot_be_bound_name_the_parameter_not_a_CLR_type(string route, string field)
    {
        var id = await Api.Workspace();
        var problem = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}{route}")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe([field]);
        Regex.IsMatch(problem.GetRawText(), @"System\.|CreditLedger\.|Nullable|DateTimeOffset|Int32").ShouldBeFalse(problem.GetRawText());
    }

    [Theory]
    [InlineData("""{"idempotencyKey":"u","kind":"export","bogus":1}""", "bogus", "Unknown field.")]
    [InlineData("""{"idempotencyKey":"u","kind":"export","quantity":"two"}""", "quantity", null)]
    [InlineData("""{"idempotencyKey":"u","kind":"export","metadata":{"a":1},"occurredAt":7}""", "occurredAt", null)]
    public async Task Json_mistakes_name_the_field_and_never_an_internal_type(string json, string field, string? message)
    {
        var id = await Api.Workspace();
        var problem = await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/usage", json)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).ShouldBeTrue(problem.GetRawText());
        if (message is not null)
        {
            messages[0].GetString().ShouldBe(message);
        }

        Regex.IsMatch(problem.GetRawText(), @"System\.|CreditLedger\.|Nullable|\.NET").ShouldBeFalse(problem.GetRawText());
    }

    [Fact]
    public async Task A_number_and_a_string_that_looks_like_its_canonical_form_are_different_requests()
    {
        var id = await Api.Workspace();
        await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/usage", """{"idempotencyKey":"k","kind":"export","metadata":{"a":1}}"""))
            .Expect(HttpStatusCode.Created);
        await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/usage", """{"idempotencyKey":"k","kind":"export","metadata":{"a":"n:1"}}"""))
            .ExpectProblem(HttpStatusCode.Conflict, "idempotency-conflict");
        await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/usage", """{"idempotencyKey":"k","kind":"export","metadata":{"a":1.0}}"""))
            .Expect(HttpStatusCode.OK);
    }
}
