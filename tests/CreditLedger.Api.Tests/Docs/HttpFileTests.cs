using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CreditLedger.Api.Tests.Docs;

/// <summary>
/// examples/creditledger.http runs top to bottom against the service as REST Client would run it: file variables,
/// <c># @name</c> requests and <c>{{name.response.body.$.field}}</c> references; every request must succeed.
/// </summary>
public partial class HttpFileTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task Every_request_of_the_http_file_succeeds_in_order()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "examples", "creditledger.http"));
        var blocks = Regex.Split(text.ReplaceLineEndings("\n"), @"^###.*$", RegexOptions.Multiline);
        var variables = VariableLine().Matches(blocks[0]).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
        variables["baseUrl"] = "";
        variables["adminKey"] = LedgerApiFactory.AdminKey;
        var named = new Dictionary<string, JsonElement>();
        var client = Api.WithKey(null);
        var sent = 0;

        foreach (var block in blocks.Skip(1))
        {
            var lines = block.Split('\n');
            var name = lines.Select(l => NameLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            var rest = lines.SkipWhile(l => l.Trim().Length == 0 || l.TrimStart().StartsWith('#')).ToList();
            var requestLine = Resolve(rest[0], variables, named).Split(' ', 2);
            using var request = new HttpRequestMessage(new HttpMethod(requestLine[0]), requestLine[1].Trim());
            var headers = rest.Skip(1).TakeWhile(l => l.Trim().Length > 0).Select(l => Resolve(l, variables, named).Split(':', 2)).ToList();
            var body = string.Join('\n', rest.Skip(1 + headers.Count)).Trim();
            if (body.Length > 0)
            {
                request.Content = new StringContent(Resolve(body, variables, named), Encoding.UTF8);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(headers.Single(h => h[0] == "Content-Type")[1].Trim());
            }

            foreach (var header in headers.Where(h => h[0] != "Content-Type"))
            {
                request.Headers.TryAddWithoutValidation(header[0], header[1].Trim());
            }

            var response = await client.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).ShouldBeInRange(200, 299, $"{requestLine[0]} {requestLine[1]}: {answer}");
            if (name is not null)
            {
                named[name] = JsonDocument.Parse(answer).RootElement.Clone();
            }

            sent++;
        }

        sent.ShouldBeGreaterThan(15);
    }

    private static string Resolve(string text, Dictionary<string, string> variables, Dictionary<string, JsonElement> named) =>
        Reference().Replace(text, m => m.Groups[2].Success
            ? named[m.Groups[1].Value].GetProperty(m.Groups[2].Value).ToString()
            : variables[m.Groups[1].Value]);

    [GeneratedRegex(@"^@(\w+)\s*=\s*(.*)$", RegexOptions.Multiline)]
    private static partial Regex VariableLine();

    [GeneratedRegex(@"^#\s*@name\s+(\w+)")]
    private static partial Regex NameLine();

    [GeneratedRegex(@"\{\{(\w+)(?:\.response\.body\.\$\.(\w+))?\}\}")]
    private static partial Regex Reference();
}
