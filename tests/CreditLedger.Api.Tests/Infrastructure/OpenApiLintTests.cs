using System.Text.Json;

namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>
/// The committed document (the served one, by OpenApiDocumentTests) as the two linters integrators run see it: Spectral's
/// OpenAPI rules and Redocly's recommended rules, with the rulesets in openapi/ (each disabled rule says why).
/// </summary>
public class OpenApiLintTests
{
    private static readonly string Document = Path.Combine(Repository.Root, "openapi", "creditledger.json");

    [Fact]
    public async Task Spectral_finds_no_error_and_no_warning()
    {
        var output = await LintAsync("@stoplight/spectral-cli/dist/index.js", "lint", Document,
            "--ruleset", Path.Combine(Repository.Root, "openapi", ".spectral.yaml"), "--format", "json", "--quiet");

        var problems = JsonDocument.Parse(output).RootElement.EnumerateArray()
            .Select(p => $"{p.Str("code")} at {string.Join('.', p.GetProperty("path").EnumerateArray())}: {p.Str("message")}").ToList();
        problems.ShouldBeEmpty(string.Join('\n', problems));
    }

    [Fact]
    public async Task Redocly_finds_no_error_and_no_warning()
    {
        var output = await LintAsync("@redocly/cli/bin/cli.js", "lint", Document,
            "--config", Path.Combine(Repository.Root, "openapi", "redocly.yaml"), "--format", "json");

        var report = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
        var problems = report.GetProperty("problems").EnumerateArray().Select(p => $"{p.Str("ruleId")}: {p.Str("message")}").ToList();
        (report.GetProperty("totals").GetProperty("errors").GetInt32() + report.GetProperty("totals").GetProperty("warnings").GetInt32())
            .ShouldBe(0, string.Join('\n', problems));
    }

    /// <summary>Runs a linter installed in tests/openapi-validator and returns what it wrote to standard output.</summary>
    private static async Task<string> LintAsync(string cli, params string[] arguments)
    {
        var modules = Path.Combine(Repository.Root, "tests", "openapi-validator", "node_modules");
        var lint = await Processes.RunAsync("node", [Path.Combine(modules, cli), .. arguments], Path.Combine(Repository.Root, "openapi"),
            new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });
        lint.Output.Trim().ShouldNotBeEmpty(lint.Errors);
        return lint.Output;
    }
}
