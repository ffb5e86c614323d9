using CreditLedger.Api.Json;
namespace CreditLedger.Api.Integrations;

public sealed record ServiceRequest(string? Key, string? Name, decimal? DataCredits, decimal? Actions, string? ChargePolicy);

[OpenApiExample("""{"name":"LeadMagic","services":[{"key":"email_finder","name":"Email finder","dataCredits":1,"actions":1,"chargePolicy":"on_success"}]}""")]
public sealed record PutIntegrationRequest(string? Name, List<ServiceRequest>? Services);

public sealed record ServiceResponse(string Key, string Name, decimal DataCredits, decimal Actions, string ChargePolicy);

[OpenApiExample("""{"key":"leadmagic","name":"LeadMagic","services":[{"key":"email_finder","name":"Email finder","dataCredits":1,"actions":1,"chargePolicy":"on_success"},{"key":"email_validation","name":"Email validation","dataCredits":0.25,"actions":1,"chargePolicy":"per_attempt"}]}""")]
public sealed record IntegrationResponse(string Key, string Name, IReadOnlyList<ServiceResponse> Services);

[OpenApiExample("""{"ownApiKey":true}""")]
public sealed record OwnApiKeyRequest(bool? OwnApiKey);

[OpenApiExample("""{"integration":"leadmagic","ownApiKey":true,"updatedAt":"2026-11-20T10:00:00Z"}""")]
public sealed record WorkspaceIntegrationResponse(string Integration, bool OwnApiKey, DateTimeOffset UpdatedAt);
