namespace CreditLedger.Api.Reports;

/// <summary>A resource with its own and its descendants' usage, and its children.</summary>
public sealed record ResourceNode(
    string ResourceId, string Kind, string Name, Guid? OwnerUserId, bool IsDeleted,
    decimal Actions, decimal DataCredits, long Events, long Attempts, long Successes, IReadOnlyList<ResourceNode> Children);

/// <summary>Usage by resource: the roots (with their trees) plus usage recorded without a resource; totals = Σ roots + unattributed.</summary>
public sealed record ResourcesReport(
    DateTimeOffset From, DateTimeOffset To, UsageTotals Totals, IReadOnlyList<ResourceNode> Items, UsageTotals Unattributed);
