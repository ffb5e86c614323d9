namespace CreditLedger.Rules;

public enum ResourceKind
{
    Folder,
    Workbook,
    Table,
}

/// <summary>
/// The rules of the resource tree (folder → workbook → table): ids, which kind may sit under which, and moves
/// that would make a loop.
/// </summary>
public static class ResourceTree
{
    public const int MaxIdLength = 128;

    /// <summary>
    /// The most levels a tree may have, a root being level 1: deep enough for any folder structure people build, shallow
    /// enough that every walk, report and JSON answer over a tree stays cheap. Trees made deeper before this bound existed
    /// keep working; they can only be made shallower.
    /// </summary>
    public const int MaxDepth = 64;

    public const string IdRule = "Must be 1 to 128 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'.";

    public static readonly string[] KindNames = ["folder", "workbook", "table"];

    /// <summary>1..128 characters of A-Z a-z 0-9 _ . : - (clients choose them; they appear in paths).</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-');

    public static bool TryParseKind(string? value, out ResourceKind kind)
    {
        var index = Array.IndexOf(KindNames, value);
        kind = (ResourceKind)Math.Max(index, 0);
        return index >= 0;
    }

    public static ResourceKind ParseKind(string value) =>
        TryParseKind(value, out var kind) ? kind : throw new ArgumentException($"Unknown resource kind '{value}'.", nameof(value));

    public static string ToWire(this ResourceKind kind) => KindNames[(int)kind];

    /// <summary>
    /// Why a resource of <paramref name="kind"/> may not sit under <paramref name="parent"/> (null: it may). A table's
    /// parent is a workbook; a workbook's parent is a folder or none; a folder's parent is a folder or none.
    /// </summary>
    public static string? ParentProblem(ResourceKind kind, ResourceKind? parent) => (kind, parent) switch
    {
        (ResourceKind.Table, ResourceKind.Workbook) => null,
        (ResourceKind.Table, _) => "A table's parent must be a workbook.",
        (_, null or ResourceKind.Folder) => null,
        (ResourceKind.Workbook, _) => "A workbook's parent must be a folder (or none).",
        _ => "A folder's parent must be a folder (or none).",
    };

    /// <summary>
    /// Why a resource may not sit at level <paramref name="parentDepth"/> + 1 with <paramref name="levelsBelow"/> levels of
    /// descendants under it (null: it may). <paramref name="parentDepth"/> is 0 for a root.
    /// </summary>
    public static string? DepthProblem(int parentDepth, int levelsBelow) =>
        parentDepth + 1 + levelsBelow <= MaxDepth ? null
            : levelsBelow == 0 ? $"The tree would be deeper than {MaxDepth} levels."
            : $"The tree would be deeper than {MaxDepth} levels (this resource has {levelsBelow} levels below it).";

    /// <summary>
    /// Whether putting <paramref name="id"/> under <paramref name="parentId"/> makes a loop: the new parent is the
    /// resource itself or one of its descendants. <paramref name="parentOf"/> gives the current parent of any id.
    /// The walk is bounded by the number of resources, so a corrupt cycle cannot hang it.
    /// </summary>
    public static bool WouldLoop(string id, string? parentId, Func<string, string?> parentOf, int resourceCount)
    {
        var steps = 0;
        for (var current = parentId; current is not null; current = parentOf(current))
        {
            if (current == id || ++steps > resourceCount)
            {
                return true;
            }
        }

        return false;
    }
}
