using CreditLedger.Api.Json;

namespace CreditLedger.Api.Resources;

[OpenApiExample("""{"kind":"table","name":"Leads Q4","parentId":"wb-outbound"}""")]
public sealed record PutResourceRequest(string? Kind, string? Name, string? ParentId, Guid? OwnerUserId);

[OpenApiExample("""{"id":"tbl-leads-q4","kind":"table","name":"Leads Q4","parentId":"wb-outbound","ownerUserId":null,"isDeleted":false,"createdAt":"2026-11-20T10:00:00Z"}""")]
public sealed record ResourceResponse(
    string Id, string Kind, string Name, string? ParentId, Guid? OwnerUserId, bool IsDeleted, DateTimeOffset CreatedAt);
