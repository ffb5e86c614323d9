namespace CreditLedger.Api.Integrations;

public sealed record ServiceRequest(string? Key, string? Name, decimal? DataCredits, decimal? Actions, string? ChargePolicy);

public sealed record PutIntegrationRequest(string? Name, List<ServiceRequest>? Services);

public sealed record ServiceResponse(string Key, string Name, decimal DataCredits, decimal Actions, string ChargePolicy);

public sealed record IntegrationResponse(string Key, string Name, IReadOnlyList<ServiceResponse> Services);

public sealed record OwnApiKeyRequest(bool? OwnApiKey);

public sealed record WorkspaceIntegrationResponse(string Integration, bool OwnApiKey, DateTimeOffset UpdatedAt);
