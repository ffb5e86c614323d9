namespace CreditLedger.Api.Tests.Usage;

/// <summary>
/// A batch's body is read into pooled memory rather than by model binding; these are the answers model binding gave,
/// kept: whole-body faults refuse the batch, one event's faults are that event's result.
/// </summary>
public class BatchBodyTests(LedgerApiFactory api) : LedgerTest(api)
{
    private const string Event = "{\"idempotencyKey\":\"k\",\"kind\":\"export\"}";

    public static TheoryData<string, string, string> RefusedBodies => new()
    {
        { "", "body", "A JSON body is required." },
        { "null", "body", "A JSON body is required." },
        { "5", "body", "The value has the wrong type for this field." },
        { "[1,2]", "body", "The value has the wrong type for this field." },
        { "{\"events\": [" + Event, "events", "The body is not valid JSON." },
        { "{\"events\": [{\"idempotencyKey\":\"k\",\"kind\": x}]}", "events", "The body is not valid JSON." },
        { "{\"events\": [" + Event.Replace("}", ",\"metadata\":{\"a\":}}") + "]}", "events", "The body is not valid JSON." },
        { "{\"events\": [/* c */ " + Event + "]}", "events", "The body is not valid JSON." },
        { "{\"events\": [" + new string('[', 70) + new string(']', 70) + "]}", "events", "The body is not valid JSON." },
        { "{\"events\": [" + Event + "]} x", "body", "The body is not valid JSON." },
        { "{\"events\": [" + Event + "], \"bogus\": 1}", "bogus", "Unknown field." },
        { "{\"bogus\": 1, \"events\": [" + Event + "]}", "bogus", "Unknown field." },
        { "{\"events\": \"\\u0000\"}", "events", "Send between 1 and 1000 events." },
    };

    [Theory]
    [MemberData(nameof(RefusedBodies))]
    public async Task A_body_that_is_not_a_batch_is_400_naming_the_fault_and_records_nothing(string body, string field, string message)
    {
        var id = await Api.Workspace();

        var problem = await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/usage/batch", body)).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()).ShouldBe([message], problem.GetRawText());
        (await Count("usage_events", id)).ShouldBe(0);
    }

    public static TheoryData<string, int, string?> OneEventBodies => new()
    {
        { "{\"EVENTS\": [" + Event + "]}", 201, null },
        { "{\"events\": [{\"bad\":1}], \"events\": [" + Event + "]}", 201, null },
        { "{\"events\": [[1]]}", 400, "event" },
        { "{\"events\": [" + Event.Replace("\"k\"", "\"k\\u0000\"") + "]}", 400, "idempotencyKey" },
        { "{\"events\": [" + Event.Replace("\"k\"", "\"k\\ud800\"") + "]}", 400, "idempotencyKey" },
    };

    [Theory]
    [MemberData(nameof(OneEventBodies))]
    public async Task Names_in_any_case_the_last_of_a_repeated_member_and_each_events_own_fault_are_read_as_bound_bodies_are(
        string body, int status, string? field)
    {
        var id = await Api.Workspace();

        var item = (await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/usage/batch", body)).Expect(HttpStatusCode.OK)).GetProperty("results")[0];

        item.GetProperty("status").GetInt32().ShouldBe(status, item.GetRawText());
        if (field is not null)
        {
            item.GetProperty("error").GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(item.GetRawText());
        }
    }

    [Fact]
    public async Task A_byte_order_mark_or_a_json_suffixed_media_type_is_read_and_invalid_UTF_8_is_that_events_400()
    {
        var id = await Api.Workspace();

        await Expect(await Send(id, [0xEF, 0xBB, 0xBF, .. Batch("bom")], "application/json"), 201);
        await Expect(await Send(id, Batch("suffix"), "application/vnd.example+json"), 201);
        await Expect(await Send(id, [.. "{\"events\": [{\"idempotencyKey\":\"k"u8, 0xC3, 0x28, .. "\",\"kind\":\"export\"}]}"u8], "application/json"), 400);
        (await Count("usage_events", id)).ShouldBe(2);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_415_and_no_body_is_400()
    {
        var id = await Api.Workspace();

        var plain = await (await Send(id, Batch("plain"), "text/plain")).ExpectProblem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        var untyped = await (await Send(id, Batch("untyped"), null)).ExpectProblem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        var none = await (await Api.Admin().PostAsync($"/v1/workspaces/{id}/usage/batch", null)).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        plain.GetProperty("detail").GetString().ShouldBe("Unsupported Media Type");
        untyped.GetProperty("detail").GetString().ShouldBe("Expected a supported JSON media type but got \"\".");
        none.GetProperty("errors").GetProperty("body")[0].GetString().ShouldBe("A JSON body is required.");
        (await Count("usage_events", id)).ShouldBe(0);
    }

    private static byte[] Batch(string key) => System.Text.Encoding.UTF8.GetBytes("{\"events\": [" + Event.Replace("\"k\"", $"\"{key}\"") + "]}");

    private Task<HttpResponseMessage> Send(Guid workspaceId, byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = new(contentType);
        }

        return Api.Admin().PostAsync($"/v1/workspaces/{workspaceId}/usage/batch", content);
    }

    private static async Task Expect(HttpResponseMessage response, int status)
    {
        var item = (await response.Expect(HttpStatusCode.OK)).GetProperty("results")[0];
        item.GetProperty("status").GetInt32().ShouldBe(status, item.GetRawText());
    }
}
