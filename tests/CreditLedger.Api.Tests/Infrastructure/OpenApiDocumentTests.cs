using System.Text.Json;
using System.Globalization;

namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>The OpenAPI document behind Swagger UI: valid by a real validator, and worth exploring.</summary>
public class OpenApiDocumentTests(LoopbackWebhookApiFactory api) : IClassFixture<LoopbackWebhookApiFactory>
{
    [Fact]
    public async Task The_document_passes_a_real_OpenAPI_validator()
    {
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Content.ReadAsStringAsync();
        var file = Path.Combine(Path.GetTempPath(), $"creditledger-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var validator = await Processes.RunAsync("node", [Path.Combine(Repository.Root, "tests", "openapi-validator", "validate.mjs"), file]);
            validator.ExitCode.ShouldBe(0, validator.Log);
            validator.Output.ShouldStartWith("valid OpenAPI");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_documents_its_problem_responses()
    {
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Expect(HttpStatusCode.OK);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var label = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                operation.Value.TryGetProperty("summary", out _).ShouldBeTrue($"{label} has no summary");
                var responses = operation.Value.GetProperty("responses");
                responses.TryGetProperty("401", out _).ShouldBeTrue($"{label} does not document 401");
                foreach (var problem in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
                {
                    // The contract's problem body, with an example of this status as the service writes it.
                    var body = problem.Value.GetProperty("content").GetProperty("application/problem+json");
                    body.GetProperty("schema").Str("$ref").ShouldBe("#/components/schemas/Problem", $"{label} {problem.Name}");
                    body.GetProperty("example").GetProperty("status").GetInt32().ToString(CultureInfo.InvariantCulture).ShouldBe(problem.Name);
                }

                responses.GetProperty("401").GetProperty("content").GetProperty("application/problem+json").GetProperty("example")
                    .Str("type").ShouldEndWith("/unauthorized");
                if (path.Name.Contains("{workspaceId}", StringComparison.Ordinal))
                {
                    responses.TryGetProperty("404", out _).ShouldBeTrue($"{label} does not document 404");
                }
            }
        }
    }

    [Fact]
    public async Task Request_bodies_carry_examples_and_enum_fields_list_their_values()
    {
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Expect(HttpStatusCode.OK);
        var usage = document.GetProperty("components").GetProperty("schemas").GetProperty("UsageRequest");
        var example = usage.TryGetProperty("example", out var single) ? single : usage.GetProperty("examples")[0];
        example.Str("service").ShouldBe("email_finder");
        usage.GetProperty("properties").GetProperty("kind").GetProperty("enum").EnumerateArray().Select(v => v.GetString())
            .ShouldBe(["enrichment", "table_run", "ai_call", "export", "send"]);
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").Str("type").ShouldBe("http");
    }

    [Fact]
    public async Task Every_answer_with_a_body_carries_an_example()
    {
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Expect(HttpStatusCode.OK);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var missing = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var bodies = operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] == '2')
                    .Select(r => (r.Name, Content: r.Value.TryGetProperty("content", out var c) ? c : default))
                    .Concat(operation.Value.TryGetProperty("requestBody", out var request) ? [("request", request.GetProperty("content"))] : []);
                foreach (var (name, content) in bodies.Where(b => b.Content.ValueKind == JsonValueKind.Object))
                {
                    if (!content.TryGetProperty("application/json", out var json) || json.TryGetProperty("example", out _))
                    {
                        continue; // CSV and other bodies are documented in words
                    }

                    var schema = json.GetProperty("schema");
                    var target = schema.TryGetProperty("$ref", out var reference) ? schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : schema;
                    if (!target.TryGetProperty("examples", out _))
                    {
                        missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name} {name}");
                    }
                }
            }
        }

        missing.ShouldBeEmpty(string.Join('\n', missing));
    }

    [Fact]
    public async Task The_committed_document_is_the_one_the_service_serves()
    {
        var path = Path.Combine(Repository.Root, "openapi", "creditledger.json");
        var served = Indented(await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Content.ReadAsStringAsync());
        if (Environment.GetEnvironmentVariable("CREDITLEDGER_WRITE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served); // scripts/openapi.sh: regenerate from the code
        }

        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        committed.ReplaceLineEndings("\n").ShouldBe(served, "openapi/creditledger.json differs from what the code serves: run scripts/openapi.sh and commit it");
    }

    [Fact]
    public async Task Amounts_are_described_as_exact_decimals_never_doubles()
    {
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Content.ReadAsStringAsync();

        document.ShouldNotContain("\"double\"");
        document.ShouldNotContain("\"float\"");
        var grant = System.Text.Json.JsonDocument.Parse(document).RootElement.GetProperty("components").GetProperty("schemas").GetProperty("GrantResponse");
        grant.GetProperty("properties").GetProperty("amount").Str("format").ShouldBe("decimal");
    }

    private static string Indented(string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }).ReplaceLineEndings("\n") + "\n";

    [Fact]
    public async Task Required_fields_are_what_the_validators_refuse_to_miss_and_answers_list_every_field()
    {
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Expect(HttpStatusCode.OK);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        static string[] Required(JsonElement schema) =>
            schema.TryGetProperty("required", out var r) ? [.. r.EnumerateArray().Select(e => e.GetString()!)] : [];
        // OpenAPI 3.1: "type": [..., "null"], or oneOf a $ref and {"type": "null"}.
        static bool Nullable(JsonElement schema, string property)
        {
            var described = schema.GetProperty("properties").GetProperty(property);
            return (described.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.GetString() == "null"))
                || (described.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Any(o => o.TryGetProperty("type", out var t) && t.GetString() == "null"));
        }

        Required(schemas.GetProperty("UsageRequest")).ShouldBe(["idempotencyKey", "kind"], ignoreOrder: true);
        Nullable(schemas.GetProperty("UsageRequest"), "idempotencyKey").ShouldBeFalse();
        Nullable(schemas.GetProperty("UsageRequest"), "resourceId").ShouldBeTrue();
        Required(schemas.GetProperty("AutoTopUpRuleRequest")).ShouldBe(["below", "amount", "mode"], ignoreOrder: true);
        Required(schemas.GetProperty("ClayResourcesRequest")).ShouldBeEmpty("a body part without a validator of its own requires nothing");

        var grant = schemas.GetProperty("GrantResponse");
        Required(grant).ShouldBe(grant.GetProperty("properties").EnumerateObject().Select(p => p.Name), ignoreOrder: true);
        (Nullable(grant, "expiresAt"), Nullable(grant, "id"), Nullable(grant, "amount")).ShouldBe((true, false, false));
    }

    [Fact]
    public async Task Every_webhook_event_type_has_a_schema_of_its_body()
    {
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Expect(HttpStatusCode.OK);
        var schemas = document.GetProperty("components").GetProperty("schemas");

        foreach (var type in CreditLedger.Api.Outbox.EventTypes.All)
        {
            schemas.TryGetProperty(CreditLedger.Api.Infrastructure.OpenApi.WebhookEventsFilter.SchemaName(type), out var schema).ShouldBeTrue(type);
            schema.GetProperty("properties").GetProperty("type").GetProperty("enum")[0].GetString().ShouldBe(type);
            schema.GetProperty("properties").GetProperty("data").GetProperty("$ref").GetString().ShouldStartWith("#/components/schemas/");
        }
    }

    [Fact]
    public async Task Every_operation_has_a_unique_operationId_named_as_a_client_method()
    {
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Expect(HttpStatusCode.OK);
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Route: $"{o.Name.ToUpperInvariant()} {p.Name}", Op: o.Value))).ToList();

        var missing = operations.Where(o => !o.Op.TryGetProperty("operationId", out _)).Select(o => o.Route).ToList();
        missing.ShouldBeEmpty(string.Join('\n', missing));
        var ids = operations.Select(o => o.Op.Str("operationId")).ToList();
        ids.ShouldBeUnique();
        ids.ShouldAllBe(id => System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z][A-Za-z]+$"));
        ids.ShouldContain("recordUsage");
        ids.ShouldContain("listLedgerEntries");
        // Query names as the service binds them: camelCase, or Clay's own timeRange[…].
        var queries = operations.Where(o => o.Op.TryGetProperty("parameters", out _))
            .SelectMany(o => o.Op.GetProperty("parameters").EnumerateArray().Where(p => p.Str("in") == "query").Select(p => $"{o.Route} {p.Str("name")}"))
            .Where(q => !System.Text.RegularExpressions.Regex.IsMatch(q.Split(' ')[^1], @"^([a-z][A-Za-z]*|timeRange\[(startTime|endTime)\])$")).ToList();
        queries.ShouldBeEmpty(string.Join('\n', queries));
    }

    [Fact]
    public async Task Every_request_example_runs_as_shown_in_Try_it_out()
    {
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Expect(HttpStatusCode.OK);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var sent = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("requestBody", out _)))
            {
                var reference = operation.Value.GetProperty("requestBody").GetProperty("content").GetProperty("application/json")
                    .GetProperty("schema").Str("$ref");
                var example = schemas.GetProperty(reference.Split('/')[^1]).GetProperty("examples")[0].GetRawText()
                    // A receiver's URL must resolve, and nothing outside resolves here: the webhook example's goes to loopback.
                    .Replace("https://hooks.example.com/", "http://127.0.0.1:9/", StringComparison.Ordinal);
                var route = await RouteWithRealIdsAsync(path.Name);
                using var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), route)
                {
                    Content = new StringContent(example, System.Text.Encoding.UTF8, "application/json"),
                };

                var response = await api.Admin().SendAsync(request);
                ((int)response.StatusCode).ShouldBeInRange(200, 299, $"{request.Method} {route} {example}: {await response.Content.ReadAsStringAsync()}");
                sent++;
            }
        }

        sent.ShouldBeGreaterThanOrEqualTo(21);
    }

    /// <summary>
    /// The route with its parameters filled as someone following the Swagger flow would have them: a workspace of their
    /// own, the workbook the resource and spend-limit examples name, a grant, a pending enrichment and a charge entry.
    /// </summary>
    private async Task<string> RouteWithRealIdsAsync(string template)
    {
        var workspace = await api.Workspace(actions: 10_000, dataCredits: 10_000);
        var admin = api.Admin();
        await (await admin.Put($"/v1/workspaces/{workspace}/resources/wb-outbound", new { kind = "workbook", name = "Outbound" })).Expect(HttpStatusCode.Created);
        var values = new Dictionary<string, Func<Task<string>>>
        {
            ["workspaceId"] = () => Task.FromResult(workspace.ToString()),
            ["resourceId"] = () => Task.FromResult("tbl-leads-q4"),
            ["scope"] = () => Task.FromResult("resource"),
            ["scopeId"] = () => Task.FromResult("wb-outbound"),
            // A new integration for the catalogue example, so the built-in one the other examples use keeps its services.
            ["integrationKey"] = () => Task.FromResult(template.StartsWith("/v1/integrations/", StringComparison.Ordinal) ? "acme_data" : "leadmagic"),
            ["grantId"] = async () => (await (await admin.Post($"/v1/workspaces/{workspace}/grants",
                new { currency = "data_credits", amount = 10, source = "purchase", idempotencyKey = "grant-1" })).Expect(HttpStatusCode.Created)).Id().ToString(),
            ["enrichmentId"] = async () => (await (await admin.Post($"/v1/workspaces/{workspace}/enrichments",
                new { idempotencyKey = "hold-1", integration = "leadmagic", service = "email_finder" })).Expect(HttpStatusCode.Created)).Id().ToString(),
            ["entryId"] = async () =>
            {
                await (await admin.Post($"/v1/workspaces/{workspace}/usage", new
                {
                    idempotencyKey = "charge-1", kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success",
                })).Expect(HttpStatusCode.Created);
                var ledger = await (await admin.GetAsync($"/v1/workspaces/{workspace}/ledger")).Expect(HttpStatusCode.OK);
                return ledger.GetProperty("items").EnumerateArray().First(e => e.Str("type") == "charge").Id().ToString();
            },
        };
        var route = template;
        foreach (System.Text.RegularExpressions.Match parameter in System.Text.RegularExpressions.Regex.Matches(template, @"\{(\w+)\}"))
        {
            route = route.Replace(parameter.Value, await values[parameter.Groups[1].Value](), StringComparison.Ordinal);
        }

        return route;
    }
}
