using CreditLedger.Api.Json;
using System.Text.Json.Serialization;
using CreditLedger.Api.Reports;

namespace CreditLedger.Api.Reports.Clay;

/// <summary>What Clay says about an entity of a credit report.</summary>
public sealed record ClayEntityInfo(string Name, bool IsDeleted, [property: JsonPropertyName("__kind")] string Kind);

/// <summary>One entity of a Clay credit report: Data Credits as <c>credits</c>, Actions as <c>actionExecutions</c>.</summary>
public sealed record ClayEntity(string Id, ClayEntityInfo Entity, decimal Credits, decimal ActionExecutions, IReadOnlyList<ClayEntity> Subentities);

/// <summary>Clay's credit report shape (its "Credit Usage" API section).</summary>
[OpenApiExample("""{"entities":[{"id":"wb-outbound","entity":{"name":"Outbound","isDeleted":false,"__kind":"workbook"},"credits":120,"actionExecutions":240,"subentities":[{"id":"tbl-leads-q4","entity":{"name":"Leads Q4","isDeleted":false,"__kind":"table"},"credits":120,"actionExecutions":240,"subentities":[]}]}],"unattributedCredits":3,"unattributedActionExecutions":5}""")]
public sealed record ClayReport(IReadOnlyList<ClayEntity> Entities, decimal UnattributedCredits, decimal UnattributedActionExecutions);
