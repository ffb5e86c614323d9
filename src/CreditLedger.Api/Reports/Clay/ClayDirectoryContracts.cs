using System.Text.Json.Serialization;
using CreditLedger.Api.Json;
using CreditLedger.Api.Reports;

namespace CreditLedger.Api.Reports.Clay;

public sealed record ClayOwner(Guid Id, string Email, string Name);

[OpenApiExample("""{"owners":[{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1001","email":"ada@example.com","name":"Ada Lovelace"}]}""")]
public sealed record ClayOwners(IReadOnlyList<ClayOwner> Owners);

[OpenApiExample("""{"ownerIds":[],"kinds":["workbook","table"]}""")]
public sealed record ClayResourcesRequest(IReadOnlyList<Guid>? OwnerIds, IReadOnlyList<string>? Kinds);

public sealed record ClayResource(
    string Id, string Name, [property: JsonPropertyName("__kind")] string Kind, string? ParentId, Guid? OwnerId, bool IsDeleted);

[OpenApiExample("""{"resources":[{"id":"wb-outbound","name":"Outbound","__kind":"workbook","parentId":null,"ownerId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1001","isDeleted":false}]}""")]
public sealed record ClayResources(IReadOnlyList<ClayResource> Resources);

public sealed record ClayAppAccount(string Id, string Name, bool OwnApiKey);

[OpenApiExample("""{"appAccounts":[{"id":"leadmagic","name":"LeadMagic","ownApiKey":false}]}""")]
public sealed record ClayAppAccounts(IReadOnlyList<ClayAppAccount> AppAccounts);
