using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>
/// Thousands of malformed requests generated from the service's own OpenAPI document — wrong types, unknown
/// fields, huge numbers, over-long and invalid-UTF-8 strings, deep nesting, wrong content types, bad path ids
/// and query values — against every route. None may be a 5xx, every answer is a 4xx problem, and nothing is
/// recorded. The seed is fixed; CREDITLEDGER_HOSTILE_COUNT raises the count (scripts/chaos.sh does).
/// </summary>
public class HostileInputTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("CREDITLEDGER_HOSTILE_COUNT"), out var n) ? n : 5000;

    private sealed record Operation(string Method, string Path, IReadOnlyList<string> Query, IReadOnlyList<(string Name, string Type)> Fields, bool HasBody);

    [Fact]
    public async Task Malformed_requests_on_every_route_are_4xx_problems_and_change_nothing()
    {
        var workspace = await api.Workspace();
        // Routes with nothing a client could get wrong (no path, query or body input) cannot be malformed.
        var operations = (await OperationsAsync()).Where(o => o.HasBody || o.Query.Count > 0 || o.Path.Contains('{')).ToList();
        operations.Count.ShouldBeGreaterThan(25);
        var before = await Snapshot();
        var random = new Random(20261121);
        var client = api.Admin();
        var sent = 0;
        var failures = new List<string>();

        while (sent < Count)
        {
            var operation = operations[random.Next(operations.Count)];
            using var request = Mutate(operation, workspace, random);
            var response = await client.SendAsync(request);
            sent++;
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (status is < 400 or >= 500 || mediaType != "application/problem+json")
            {
                var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync();
                failures.Add($"{request.Method} {request.RequestUri} [{request.Content?.Headers.ContentType}] {body[..Math.Min(body.Length, 120)]} -> {status} {mediaType}");
            }
        }

        failures.ShouldBeEmpty($"{failures.Count} of {sent} malformed requests were not 4xx problems:\n" + string.Join('\n', failures.Take(20)));
        (await Snapshot()).ShouldBe(before);
    }

    private async Task<List<Operation>> OperationsAsync()
    {
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Expect(HttpStatusCode.OK);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/v", StringComparison.Ordinal)))
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                var query = op.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.Str("in") == "query").Select(p => p.Str("name")).ToList()
                    : [];
                var fields = new List<(string, string)>();
                var hasBody = op.Value.TryGetProperty("requestBody", out var body);
                if (hasBody && body.GetProperty("content").TryGetProperty("application/json", out var json)
                    && json.GetProperty("schema").TryGetProperty("$ref", out var reference))
                {
                    var schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
                    if (schema.TryGetProperty("properties", out var properties))
                    {
                        fields.AddRange(properties.EnumerateObject().Select(p => (p.Name, TypeOf(p.Value))));
                    }
                }

                operations.Add(new Operation(op.Name.ToUpperInvariant(), path.Name, query, fields, hasBody));
            }
        }

        return operations;
    }

    private static string TypeOf(JsonElement schema) =>
        schema.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().First(t => t.GetString() != "null").GetString()! : type.GetString()!
            : "object";

    private static HttpRequestMessage Mutate(Operation op, Guid workspace, Random random)
    {
        var parameters = Regex.Count(op.Path, @"\{(\w+)\}");
        var kind = random.Next(op.HasBody ? 10 : 2);
        if (kind == 0 && parameters == 0 && op.Query.Count > 0)
        {
            kind = 1; // nothing in the path to break (a list's paging): break its query instead
        }

        var badPath = kind == 0 || (!op.HasBody && op.Query.Count == 0);
        var badIndex = random.Next(Math.Max(parameters, 1));
        var index = 0;
        var url = Regex.Replace(op.Path, @"\{(\w+)\}", m => badPath && index++ == badIndex
            ? Uri.EscapeDataString(Pick(random, ["not-a-guid", "1", "' OR 1=1 --", "..%2F..", new string('9', 300), "\u00e9\u2028", "{}"]))
            : m.Groups[1].Value switch { "workspaceId" => workspace.ToString(), "integrationKey" => "leadmagic", _ => Guid.NewGuid().ToString() });

        if (kind == 1 && op.Query.Count > 0)
        {
            // Every declared query parameter gets a value it cannot take.
            url += "?" + string.Join('&', op.Query.Select(q => $"{Uri.EscapeDataString(q)}={Uri.EscapeDataString(BadQueryValue(q, random))}"));
        }
        else if (op.Query.Contains("from"))
        {
            url += "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z";
        }
        else if (op.Query.Contains("timeRange[startTime]"))
        {
            url += "?timeRange%5BstartTime%5D=soon&timeRange%5BendTime%5D=later";
        }

        var request = new HttpRequestMessage(new HttpMethod(op.Method), url);
        if (op.HasBody && kind >= 1)
        {
            request.Content = Body(op, random, kind);
        }
        else if (op.Method is "POST" or "PUT")
        {
            request.Content = new StringContent("", Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static ByteArrayContent Body(Operation op, Random random, int kind)
    {
        var field = op.Fields.Count > 0 ? op.Fields[random.Next(op.Fields.Count)] : ("name", "string");
        return kind switch
        {
            2 => Json(Pick(random, ["{", "{\"a\":", "[1,2", "nul", "\"open", "{\"a\" 1}", "{'a': 1}", "{\"a\":1,}"])),
            3 => Json(Pick(random, ["[]", "42", "\"text\"", "true", "null", "[{}]"])),
            4 => Json($"{{\"{field.Item1}\": {WrongType(field.Item2, random)}}}"),
            5 => Json($"{{\"unexpected_{random.Next(1000)}\": {Pick(random, ["1", "\"x\"", "{}", "[]", "null"])}}}"),
            6 => Json($"{{\"{field.Item1}\": {Pick(random, ["1e400", "-1e400", "99999999999999999999999999999999", "1.0e-400", "NaN"])}}}"),
            7 => Json($"{{\"{field.Item1}\": \"{new string('x', random.Next(5000, 300_000))}\", \"unexpected\": 1}}"),
            8 => InvalidUtf8(field.Item1),
            _ => random.Next(2) == 0
                ? Json(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200))
                : new StringContent("<xml/>", Encoding.UTF8, Pick(random, ["text/plain", "application/xml", "application/x-www-form-urlencoded"])),
        };
    }

    private static string WrongType(string type, Random random) => type switch
    {
        "string" => Pick(random, ["12345", "{}", "[\"a\"]", "true", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udfff\\ud800\""]),
        "integer" or "number" => Pick(random, ["\"12\"", "{}", "[1]", "true", "1.5e3000"]),
        "boolean" => Pick(random, ["\"yes\"", "1", "{}"]),
        "array" => Pick(random, ["{}", "\"x\"", "7"]),
        _ => Pick(random, ["[]", "5", "\"x\"", "false"]),
    };

    private static string BadQueryValue(string name, Random random) => name switch
    {
        "limit" => Pick(random, ["0", "-1", "abc", "1e9", "1001", "99999999999"]),
        "active" => Pick(random, ["maybe", "2", "yes please"]),
        "cursor" => Pick(random, ["abc", "-5", "1.5", "' OR 1=1"]),
        "currency" => Pick(random, ["gold", "ACTIONS", "data-credits"]),
        "granularity" => Pick(random, ["minute", "DAY", "1", "decade"]),
        "timeZone" => Pick(random, ["Mars/Olympus", "../../etc/passwd", "UTC+25"]),
        "format" => Pick(random, ["xml", "CSV", "pdf"]),
        "userId" => Pick(random, ["bob", "1"]),
        "integration" => Pick(random, ["", "\u0000", "lead\u0000magic"]),
        _ => Pick(random, ["yesterday", "2026-13-45T00:00:00Z", "0000-00-00", "%", new string('9', 500), "a\u0000b",
            "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "12/02/2026 05:56"]),
    };

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static ByteArrayContent InvalidUtf8(string field)
    {
        var bytes = Encoding.UTF8.GetBytes($"{{\"{field}\": \"ab").Concat(new byte[] { 0xC3, 0x28, 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static string Pick(Random random, string[] options) => options[random.Next(options.Length)];

    private async Task<string> Snapshot() => string.Join(',', await Task.WhenAll(
        new[] { "ledger_entries", "usage_events", "grants", "workspaces", "users", "api_keys", "enrichments", "idempotency_keys", "integration_services" }
            .Select(t => api.ScalarAsync<long>($"SELECT count(*) FROM {t}").ContinueWith(c => $"{t}={c.Result}", TaskScheduler.Default))));
}
