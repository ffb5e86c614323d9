using System.Text.RegularExpressions;

namespace CreditLedger.Api.Tests.Architecture;

/// <summary>The service's source files, by top-level folder, and the folders each file imports (read from its text).</summary>
public static partial class SourceTree
{
    public static readonly string Api = Path.Combine(Repository.Root, "src", "CreditLedger.Api");

    /// <summary>HTTP surfaces: they map requests to the engine's commands and its results to answers.</summary>
    public static readonly string[] Features =
        ["Credits", "Enrichments", "Estimates", "Integrations", "LedgerEntries", "Reports", "Resources", "SpendLimits", "Usage", "Webhooks", "Workspaces"];

    /// <summary>Every source file (outside bin/obj and the root's composition files) with its path relative to the project.</summary>
    public static IReadOnlyList<(string Path, string Folder, string Text)> Files { get; } =
        Directory.GetFiles(Api, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Api, f).Replace('\\', '/'))
            .Where(p => p.Contains('/') && !p.StartsWith("obj/", StringComparison.Ordinal) && !p.StartsWith("bin/", StringComparison.Ordinal))
            .Select(p => (p, p[..p.IndexOf('/')], File.ReadAllText(Path.Combine(Api, p))))
            .ToList();

    public static bool IsFeature(string folder) => Features.Contains(folder);

    /// <summary>The top-level folders (and <c>Rules</c>, the rules library) a file names in a using or a qualified name.</summary>
    public static IEnumerable<string> Imports(string text) =>
        ImportPattern().Matches(text).Select(m => m.Groups[1].Success ? m.Groups[1].Value : "Rules")
            .Where(name => name == "Rules" || Folders.Contains(name)).Distinct();

    /// <summary>The project's top-level folders.</summary>
    public static IReadOnlySet<string> Folders { get; } = Directory.GetDirectories(Api).Select(Path.GetFileName).OfType<string>().ToHashSet();

    /// <summary>The folder-to-folder imports of the code, every feature standing as one node, <c>Features</c>.</summary>
    public static HashSet<(string From, string To)> FolderEdges() =>
        Files.SelectMany(f => Imports(f.Text).Select(to => (From: Node(f.Folder), To: Node(to))))
            .Where(e => e.From != e.To)
            .ToHashSet();

    private static string Node(string folder) => IsFeature(folder) ? "Features" : folder;

    [GeneratedRegex(@"\bCreditLedger\.(?:Api\.(\w+)\b|Rules\b)")]
    private static partial Regex ImportPattern();
}
