using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CreditLedger.Api.Tests;

/// <summary>
/// Dependency rules read from the source. The ledger core (everything in Ledger/ but its HTTP surface, the
/// *Endpoints and *Contracts files) knows nothing of HTTP and no feature; infrastructure imports no feature (OpenAPI
/// examples sit on the contracts); the engine and the database reach the web layer only for its JSON conventions
/// (the engine stores responses for replay); no feature imports another (shared pieces live in the engine, infrastructure or
/// rules); the rules library references nothing.
/// </summary>
public class ArchitectureTests
{
    private static readonly string Api = Path.Combine(Repository.Root, "src", "CreditLedger.Api");
    private static readonly string[] Features = ["Usage", "Enrichments", "Credits", "Reports", "Workspaces", "Integrations", "Resources", "SpendLimits", "Webhooks"];

    [Fact]
    public void The_ledger_core_returns_no_HTTP_results_and_imports_no_feature()
    {
        var core = Directory.GetFiles(Path.Combine(Api, "Ledger"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Contains("Endpoints", StringComparison.Ordinal) && !Path.GetFileName(f).Contains("Contracts", StringComparison.Ordinal))
            .ToList();
        core.Count.ShouldBeGreaterThan(20);

        var violations = core.SelectMany(file => Violations(file, File.ReadAllText(file))).ToList();

        violations.ShouldBeEmpty(string.Join('\n', violations));
    }

    [Fact]
    public void No_feature_imports_another_feature()
    {
        var violations = Features.SelectMany(feature => Directory.GetFiles(Path.Combine(Api, feature), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => Features.Where(other => other != feature
                    && Regex.IsMatch(File.ReadAllText(file), $@"\bCreditLedger\.Api\.{other}\b"))
                .Select(other => $"{feature}/{Path.GetFileName(file)} imports the {other} feature"))).ToList();

        violations.ShouldBeEmpty(string.Join('\n', violations));
    }

    [Fact]
    public void Infrastructure_imports_no_feature()
    {
        var files = Directory.GetFiles(Path.Combine(Api, "Infrastructure"), "*.cs", SearchOption.AllDirectories);
        files.Length.ShouldBeGreaterThan(20);
        var violations = files.SelectMany(file => Features
            .Where(feature => Regex.IsMatch(File.ReadAllText(file), $@"\bCreditLedger\.Api\.{feature}\b"))
            .Select(feature => $"{Path.GetFileName(file)}: imports the {feature} feature")).ToList();

        violations.ShouldBeEmpty(string.Join('\n', violations));
    }

    [Fact]
    public void The_ledger_core_and_the_database_reach_the_web_layer_only_for_its_JSON_conventions()
    {
        var lower = Directory.GetFiles(Path.Combine(Api, "Ledger"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Contains("Endpoints", StringComparison.Ordinal) && !Path.GetFileName(f).Contains("Contracts", StringComparison.Ordinal))
            .Concat(Directory.GetFiles(Path.Combine(Api, "Database"), "*.cs"))
            .Concat(Directory.GetFiles(Path.Combine(Api, "Infrastructure", "Json"), "*.cs"));
        var violations = lower.SelectMany(file => Regex.Matches(File.ReadAllText(file), @"\bCreditLedger\.Api\.(Auth|Infrastructure\.(?!Json\b)\w+)\b")
            .Select(m => $"{Path.GetFileName(file)} imports {m.Value}")).ToList();

        violations.ShouldBeEmpty(string.Join('\n', violations));
    }

    /// <summary>
    /// Npgsql reuses one data reader object per physical connection: a reader (or command, or connection) disposed by hand
    /// and then again by its <c>await using</c> may, between the two, have gone back to the pool and been handed to
    /// another request, whose reader the second dispose then closes (a 500 or a hang over there). Found once in two
    /// places; this keeps the pattern out of the whole service.
    /// </summary>
    [Fact]
    public void Nothing_declared_with_using_is_also_disposed_by_hand()
    {
        var violations = Directory.GetFiles(Api, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file =>
            {
                var source = File.ReadAllText(file);
                return Regex.Matches(source, @"\busing\s*\(?\s*var\s+(\w+)").Select(m => m.Groups[1].Value).Distinct()
                    .Where(name => Regex.IsMatch(source, $@"\b{name}\.(DisposeAsync|Dispose|CloseAsync|Close)\s*\("))
                    .Select(name => $"{Path.GetFileName(file)}: '{name}' is disposed by its using and by hand");
            }).ToList();

        violations.ShouldBeEmpty(string.Join('\n', violations));
    }

    [Fact]
    public void The_rules_library_references_no_project_and_no_package()
    {
        var project = XDocument.Load(Path.Combine(Repository.Root, "src", "CreditLedger.Rules", "CreditLedger.Rules.csproj"));
        project.Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference" or "FrameworkReference").ShouldBeEmpty();
    }

    private static IEnumerable<string> Violations(string file, string source)
    {
        var name = Path.GetFileName(file);
        foreach (Match http in Regex.Matches(source, @"\b(IResult|TypedResults|HttpContext|HttpRequest|ProblemHttpResult)\b"))
        {
            yield return $"{name}: HTTP type {http.Value}";
        }

        foreach (var feature in Features)
        {
            if (Regex.IsMatch(source, $@"\bCreditLedger\.Api\.{feature}\b"))
            {
                yield return $"{name}: imports the {feature} feature";
            }
        }
    }
}
