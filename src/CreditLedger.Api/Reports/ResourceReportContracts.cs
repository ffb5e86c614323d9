using CreditLedger.Api.Json;

namespace CreditLedger.Api.Reports;

/// <summary>A resource with its own and its descendants' usage, and its children.</summary>
public sealed record ResourceNode(
    string ResourceId, string Kind, string Name, Guid? OwnerUserId, bool IsDeleted,
    decimal Actions, decimal DataCredits, long Events, long Attempts, long Successes, IReadOnlyList<ResourceNode> Children);

/// <summary>Usage by resource: the roots (with their trees) plus usage recorded without a resource; totals = Σ roots + unattributed.</summary>
[OpenApiExample("""{"from":"2026-11-01T00:00:00Z","to":"2026-12-01T00:00:00Z","totals":{"actions":245,"dataCredits":123,"events":252},"items":[{"resourceId":"wb-outbound","kind":"workbook","name":"Outbound","ownerUserId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1001","isDeleted":false,"actions":240,"dataCredits":120,"events":250,"attempts":250,"successes":120,"children":[{"resourceId":"tbl-leads-q4","kind":"table","name":"Leads Q4","ownerUserId":null,"isDeleted":false,"actions":240,"dataCredits":120,"events":250,"attempts":250,"successes":120,"children":[]}]}],"unattributed":{"actions":5,"dataCredits":3,"events":2}}""")]
public sealed record ResourcesReport(
    DateTimeOffset From, DateTimeOffset To, UsageTotals Totals, IReadOnlyList<ResourceNode> Items, UsageTotals Unattributed);
