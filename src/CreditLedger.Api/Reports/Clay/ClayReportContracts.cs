using System.Text.Json.Serialization;
using CreditLedger.Api.Reports;

namespace CreditLedger.Api.Reports.Clay;

/// <summary>What Clay says about an entity of a credit report.</summary>
public sealed record ClayEntityInfo(string Name, bool IsDeleted, [property: JsonPropertyName("__kind")] string Kind);

/// <summary>One entity of a Clay credit report: Data Credits as <c>credits</c>, Actions as <c>actionExecutions</c>.</summary>
public sealed record ClayEntity(string Id, ClayEntityInfo Entity, decimal Credits, decimal ActionExecutions, IReadOnlyList<ClayEntity> Subentities);

/// <summary>Clay's credit report shape (its "Credit Usage" API section).</summary>
public sealed record ClayReport(IReadOnlyList<ClayEntity> Entities, decimal UnattributedCredits, decimal UnattributedActionExecutions);
