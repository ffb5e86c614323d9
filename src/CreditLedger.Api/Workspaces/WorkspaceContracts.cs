using CreditLedger.Api.Json;
namespace CreditLedger.Api.Workspaces;

/// <summary>The most unused plan credit of each currency carried into the next cycle (default 0: nothing rolls over).</summary>
public sealed record RolloverCaps(decimal? Actions, decimal? DataCredits);

/// <summary>What one credit of the plan's cycle grants is worth, per currency (default 0).</summary>
public sealed record PlanUnitPrices(decimal? Actions, decimal? DataCredits);

[OpenApiExample("""{"name":"Scale","actionsPerCycle":5000,"dataCreditsPerCycle":2000,"rollover":{"dataCredits":2000},"unitPrices":{"dataCredits":0.05}}""")]
public sealed record PlanRequest(
    string? Name, decimal? ActionsPerCycle, decimal? DataCreditsPerCycle, RolloverCaps? Rollover = null, PlanUnitPrices? UnitPrices = null);

[OpenApiExample("""{"name":"Acme GTM","plan":{"name":"Pro","actionsPerCycle":1000,"dataCreditsPerCycle":500,"rollover":{"dataCredits":500}},"timeZone":"Europe/Berlin"}""")]
public sealed record CreateWorkspaceRequest(string? Name, PlanRequest? Plan, string? TimeZone, DateTimeOffset? BillingAnchor = null, string? PriceCurrency = null);

public sealed record RolloverResponse(decimal Actions, decimal DataCredits);

public sealed record UnitPricesResponse(decimal Actions, decimal DataCredits);

public sealed record PlanResponse(string Name, decimal ActionsPerCycle, decimal DataCreditsPerCycle, RolloverResponse Rollover, UnitPricesResponse UnitPrices);

public sealed record WorkspaceResponse(
    Guid Id, string Name, PlanResponse Plan, string TimeZone, DateTimeOffset BillingAnchor, CycleResponse Cycle, DateTimeOffset CreatedAt,
    string PriceCurrency);


[OpenApiExample("""{"name":"dashboard","scopes":["reports:read"]}""")]
public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes = null);

/// <summary>The key itself appears only in this response; the service keeps its hash.</summary>
public sealed record ApiKeyResponse(Guid Id, string Name, string Key, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt);

/// <summary>A key as listed: never the key itself.</summary>
public sealed record ApiKeySummary(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

[OpenApiExample("""{"email":"ada@example.com","name":"Ada Lovelace"}""")]
public sealed record CreateUserRequest(string? Email, string? Name);

public sealed record UserResponse(Guid Id, string Email, string Name, DateTimeOffset CreatedAt);
