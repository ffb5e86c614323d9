using System.Text.Json.Serialization;
using CreditLedger.Api.Json;
using CreditLedger.Api.Reports;

namespace CreditLedger.Api.Reports.Clay;

public sealed record ClayOwner(Guid Id, string Email, string Name);

public sealed record ClayOwners(IReadOnlyList<ClayOwner> Owners);

[OpenApiExample("""{"ownerIds":[],"kinds":["workbook","table"]}""")]
public sealed record ClayResourcesRequest(IReadOnlyList<Guid>? OwnerIds, IReadOnlyList<string>? Kinds);

public sealed record ClayResource(
    string Id, string Name, [property: JsonPropertyName("__kind")] string Kind, string? ParentId, Guid? OwnerId, bool IsDeleted);

public sealed record ClayResources(IReadOnlyList<ClayResource> Resources);

public sealed record ClayAppAccount(string Id, string Name, bool OwnApiKey);

public sealed record ClayAppAccounts(IReadOnlyList<ClayAppAccount> AppAccounts);
