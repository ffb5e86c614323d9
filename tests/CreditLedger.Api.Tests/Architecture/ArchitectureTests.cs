using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CreditLedger.Api.Tests.Architecture;

/// <summary>
/// Dependency rules read from the source: the engine knows nothing of HTTP; no feature imports another (shared pieces live in
/// the engine, the HTTP layer or the rules); the rules library references nothing; and a class of disposal bugs stays out.
/// </summary>
public class ArchitectureTests
{
    [Fact]
    public void The_engine_returns_no_HTTP_results_and_imports_no_feature()
    {
        var engine = SourceTree.Files.Where(f => f.Folder is "Engine" or "Outbox" or "Database" or "Json" or "Diagnostics").ToList();
        engine.Count.ShouldBeGreaterThan(40);

        var violations = engine.SelectMany(f =>
            Regex.Matches(f.Text, @"\b(IResult|TypedResults|HttpContext|HttpRequest|ProblemHttpResult|IEndpointRouteBuilder)\b")
                .Select(m => $"{f.Path}: HTTP type {m.Value}")
                .Concat(SourceTree.Imports(f.Text).Where(i => SourceTree.IsFeature(i) || i is "Auth" or "Infrastructure")
                    .Select(i => $"{f.Path}: imports {i}"))).ToList();

        violations.ShouldBeEmpty(string.Join('\n', violations));
    }

    [Fact]
    public void No_feature_imports_another_feature()
    {
        var violations = SourceTree.Files.Where(f => SourceTree.IsFeature(f.Folder))
            .SelectMany(f => SourceTree.Imports(f.Text).Where(i => SourceTree.IsFeature(i) && i != f.Folder).Select(i => $"{f.Path} imports the {i} feature"))
            .ToList();

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
        var violations = SourceTree.Files.SelectMany(f => Regex.Matches(f.Text, @"\busing\s*\(?\s*var\s+(\w+)").Select(m => m.Groups[1].Value).Distinct()
                .Where(name => Regex.IsMatch(f.Text, $@"\b{name}\.(DisposeAsync|Dispose|CloseAsync|Close)\s*\("))
                .Select(name => $"{f.Path}: '{name}' is disposed by its using and by hand"))
            .ToList();

        violations.ShouldBeEmpty(string.Join('\n', violations));
    }

    /// <summary>
    /// Ids come from <c>Uuid7.Next</c>: <c>Guid.CreateVersion7</c> and <c>Guid.NewGuid</c> ask the kernel for randomness on
    /// every call (1.5 µs on this VM, three times per event), which the stage benchmarks found on the hot path.
    /// </summary>
    [Fact]
    public void Ids_are_made_by_Uuid7_only()
    {
        var violations = SourceTree.Files.Where(f => Regex.IsMatch(f.Text, @"\bGuid\.(CreateVersion7|NewGuid)\s*\(")).Select(f => f.Path).ToList();

        violations.ShouldBeEmpty(string.Join('\n', violations));
    }

    [Fact]
    public void The_rules_library_references_no_project_and_no_package()
    {
        var project = XDocument.Load(Path.Combine(Repository.Root, "src", "CreditLedger.Rules", "CreditLedger.Rules.csproj"));
        project.Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference" or "FrameworkReference").ShouldBeEmpty();
    }

    [Fact]
    public void Every_namespace_matches_its_folder()
    {
        var violations = SourceTree.Files
            .Select(f => (f.Path, Expected: "CreditLedger.Api." + Path.GetDirectoryName(f.Path)!.Replace('/', '.').Replace('\\', '.'),
                Declared: Regex.Match(f.Text, @"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline).Groups[1].Value))
            .Where(f => f.Declared != f.Expected)
            .Select(f => $"{f.Path}: namespace {f.Declared}, folder says {f.Expected}").ToList();

        violations.ShouldBeEmpty(string.Join('\n', violations));
    }
}
