using System.Text.RegularExpressions;

namespace CreditLedger.Api.Tests.Architecture;

/// <summary>
/// The folders of the service depend on each other in one direction only: no two import each other, no circle, and
/// docs/architecture.md draws exactly the arrows the code has.
/// </summary>
public class FolderDependencyTests
{
    [Fact]
    public void No_two_folders_import_each_other()
    {
        var edges = SourceTree.FolderEdges();
        var pairs = edges.Where(e => string.CompareOrdinal(e.From, e.To) < 0 && edges.Contains((e.To, e.From)))
            .Select(e => $"{e.From} <-> {e.To}: {Witness(e.From, e.To)}; {Witness(e.To, e.From)}").ToList();

        pairs.ShouldBeEmpty(string.Join('\n', pairs));
    }

    [Fact]
    public void The_folders_import_each_other_in_no_circle()
    {
        var edges = SourceTree.FolderEdges();
        var circle = FindCircle(edges);

        circle.ShouldBeNull($"Import circle: {string.Join(" -> ", circle ?? [])}");
    }

    [Fact]
    public void The_architecture_document_draws_every_arrow_the_code_has_and_no_other()
    {
        var document = File.ReadAllText(Path.Combine(Repository.Root, "docs", "architecture.md"));
        var drawn = Regex.Matches(document, @"^\s*(\w+)\s*-->\s*(\w+)\s*$", RegexOptions.Multiline)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToHashSet();
        var code = SourceTree.FolderEdges();

        code.Except(drawn).Select(e => $"{e.Item1} --> {e.Item2}").ShouldBeEmpty("arrows the code has that docs/architecture.md does not draw");
        drawn.Except(code).Select(e => $"{e.Item1} --> {e.Item2}").ShouldBeEmpty("arrows docs/architecture.md draws that the code does not have");
    }

    private static string Witness(string from, string to) =>
        SourceTree.Files.Where(f => (SourceTree.IsFeature(f.Folder) ? "Features" : f.Folder) == from
                && SourceTree.Imports(f.Text).Any(i => (SourceTree.IsFeature(i) ? "Features" : i) == to))
            .Select(f => f.Path).FirstOrDefault() ?? "?";

    /// <summary>A circle of imports (first folder repeated at the end), or null when the graph has none.</summary>
    private static List<string>? FindCircle(HashSet<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var state = new Dictionary<string, int>();
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var to in next.GetValueOrDefault(node, []))
            {
                if (state.GetValueOrDefault(to) == 1)
                {
                    return [.. path.Skip(path.IndexOf(to)), to];
                }

                if (state.GetValueOrDefault(to) == 0 && Visit(to) is { } found)
                {
                    return found;
                }
            }

            state[node] = 2;
            path.RemoveAt(path.Count - 1);
            return null;
        }

        return next.Keys.Order(StringComparer.Ordinal).Where(n => state.GetValueOrDefault(n) == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }
}
