using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>
/// Every string field of every documented request body, and every query parameter of every route, is sent
/// U+0000 and an unpaired surrogate inside an otherwise valid request (the OpenAPI example); every number field
/// is sent values beyond any range. Each answer is a 400 naming the field as the client sent it, and nothing is written.
/// </summary>
public partial class UnstorableInputTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    private static readonly string[] UnstorableStrings = ["\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00y\"", "\"\\u0000\""];
    private static readonly string[] Overflows = ["1e400", "-1e400", "99999999999999999999999999999999", "1e-400", "79228162514264337593543950336"];

    private sealed record BodyOperation(string Method, string Path, JsonNode Example);

    [Fact]
    public async Task Unstorable_text_and_overflowing_numbers_in_any_body_field_are_400_naming_the_field()
    {
        var workspace = await api.Workspace();
        var before = await Snapshot();
        var failures = new List<string>();
        var operations = await BodyOperationsAsync();
        operations.Count.ShouldBeGreaterThan(6);
        foreach (var op in operations)
        {
            foreach (var (path, value) in Leaves(op.Example, ""))
            {
                var candidates = value.GetValueKind() switch
                {
                    JsonValueKind.String => UnstorableStrings,
                    JsonValueKind.Number => Overflows,
                    _ => [],
                };
                foreach (var candidate in candidates)
                {
                    // A batch's events stand alone: the bad event alone is sent, and its own result is the 400.
                    var batchEvent = BatchEvent().Match(path);
                    var body = batchEvent.Success
                        ? $"{{\"events\":[{Replace(op.Example["events"]![int.Parse(batchEvent.Groups[1].Value, CultureInfo.InvariantCulture)]!, batchEvent.Groups[2].Value, candidate)}]}}"
                        : Replace(op.Example, path, candidate);
                    var response = await api.Admin().SendAsync(new HttpRequestMessage(new HttpMethod(op.Method), Url(op.Path, workspace))
                    {
                        Content = new StringContent(body, Encoding.UTF8, "application/json"),
                    });
                    var (status, text, field) = (response.StatusCode, await response.Content.ReadAsStringAsync(), path);
                    if (batchEvent.Success && status == HttpStatusCode.OK)
                    {
                        var result = JsonDocument.Parse(text).RootElement.GetProperty("results")[0];
                        (status, text, field) = ((HttpStatusCode)result.GetProperty("status").GetInt32(), result.GetProperty("error").GetRawText(), batchEvent.Groups[2].Value);
                    }

                    if (status != HttpStatusCode.BadRequest || !Names(text, field))
                    {
                        failures.Add($"{op.Method} {op.Path} {path}={candidate} -> {(int)status} {text[..Math.Min(text.Length, 200)]}");
                    }
                }
            }
        }

        failures.ShouldBeEmpty(string.Join('\n', failures.Take(20)));
        (await Snapshot()).ShouldBe(before);
    }

    [Fact]
    public async Task U0000_in_any_query_parameter_is_400_naming_it()
    {
        var workspace = await api.Workspace();
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Expect(HttpStatusCode.OK);
        var failures = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/v", StringComparison.Ordinal)))
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("parameters", out _)))
            {
                foreach (var name in op.Value.GetProperty("parameters").EnumerateArray().Where(p => p.Str("in") == "query").Select(p => p.Str("name")))
                {
                    var url = Url(path.Name, workspace) + $"?{Uri.EscapeDataString(name)}=a%00b";
                    var response = await api.Admin().SendAsync(new HttpRequestMessage(new HttpMethod(op.Name), url));
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.BadRequest || !Names(text, name))
                    {
                        failures.Add($"{op.Name} {url} -> {(int)response.StatusCode} {text[..Math.Min(text.Length, 200)]}");
                    }
                }
            }
        }

        failures.ShouldBeEmpty(string.Join('\n', failures.Take(20)));
    }

    [Fact]
    public async Task Metadata_names_and_values_that_cannot_be_stored_are_400_and_a_batch_refuses_only_that_item()
    {
        var workspace = await api.Workspace();
        await (await api.Admin().PostRaw($"/v1/workspaces/{workspace}/usage", """{"idempotencyKey":"m","kind":"export","metadata":{"a\u0000":1}}"""))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        var batch = await (await api.Admin().PostRaw($"/v1/workspaces/{workspace}/usage/batch", """
            {"events":[{"idempotencyKey":"ok-1","kind":"export"},
                       {"idempotencyKey":"bad","kind":"export","metadata":{"note":"\ud800"}},
                       {"idempotencyKey":"bad-key-\u0000","kind":"export"},
                       {"idempotencyKey":"ok-2","kind":"export"}]}
            """)).Expect(HttpStatusCode.OK);

        var results = batch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ToList();
        results.ShouldBe([201, 400, 400, 201]);
        batch.GetProperty("results")[1].GetProperty("error").GetProperty("errors").TryGetProperty("metadata.note", out _).ShouldBeTrue();
        batch.GetProperty("results")[2].GetProperty("error").GetProperty("errors").TryGetProperty("idempotencyKey", out _).ShouldBeTrue();
    }

    private async Task<List<BodyOperation>> BodyOperationsAsync()
    {
        var document = JsonNode.Parse(await api.WithKey(null).GetStringAsync("/swagger/v1/swagger.json"))!;
        var schemas = document["components"]!["schemas"]!;
        var operations = new List<BodyOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                var reference = op?["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>();
                if (reference is not null && schemas[reference.Split('/')[^1]]?["examples"]?[0] is { } example)
                {
                    operations.Add(new BodyOperation(method.ToUpperInvariant(), path, example.DeepClone()));
                }
            }
        }

        return operations;
    }

    private static IEnumerable<(string Path, JsonNode Value)> Leaves(JsonNode node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => Leaves(p.Value!, path.Length == 0 ? p.Key : $"{path}.{p.Key}")),
        JsonArray a => a.SelectMany((v, i) => Leaves(v!, $"{path}[{i}]")),
        _ => [(path, node)],
    };

    private static string Replace(JsonNode example, string path, string rawJson)
    {
        const string Marker = "\"__hostile_value__\"";
        var copy = example.DeepClone();
        // Segments are member names or array indices: services[0].name, scopes[1].
        var segments = Regex.Matches(path, @"[^.\[\]]+|\[(\d+)\]").Select(m => m.Groups[1].Success ? (object)int.Parse(m.Groups[1].Value) : m.Value).ToList();
        var parent = segments[..^1].Aggregate(copy, (n, s) => s is int i ? n[i]! : n[(string)s]!);
        if (segments[^1] is int index)
        {
            parent[index] = "__hostile_value__";
        }
        else
        {
            parent[(string)segments[^1]] = "__hostile_value__";
        }

        return copy.ToJsonString().Replace(Marker, rawJson, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^events\[(\d+)\]\.(.+)$")]
    private static partial Regex BatchEvent();

    private static bool Names(string problem, string field) =>
        JsonDocument.Parse(problem).RootElement.TryGetProperty("errors", out var errors)
        && errors.EnumerateObject().Any(e => e.Name == field || e.Name.StartsWith(field + ".", StringComparison.Ordinal))
        && !Regex.IsMatch(problem, @"System\.|CreditLedger\.|Nullable|`1");

    private static string Url(string template, Guid workspace) =>
        Regex.Replace(template, @"\{(\w+)\}", m => m.Groups[1].Value switch
        {
            "workspaceId" => workspace.ToString(),
            "integrationKey" => "leadmagic",
            _ => Guid.NewGuid().ToString(),
        });

    private async Task<string> Snapshot() => string.Join(',', await Task.WhenAll(
        new[] { "ledger_entries", "usage_events", "grants", "users", "api_keys", "enrichments", "idempotency_keys", "integration_services" }
            .Select(t => api.ScalarAsync<long>($"SELECT count(*) FROM {t}").ContinueWith(c => $"{t}={c.Result}", TaskScheduler.Default))));
}
