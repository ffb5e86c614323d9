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

[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1000","name":"Acme GTM","plan":{"name":"Pro","actionsPerCycle":1000,"dataCreditsPerCycle":500,"rollover":{"actions":0,"dataCredits":500},"unitPrices":{"actions":0,"dataCredits":0}},"timeZone":"Europe/Berlin","billingAnchor":"2026-11-03T09:30:00Z","cycle":{"start":"2026-11-03T09:30:00Z","end":"2026-12-03T09:30:00Z"},"createdAt":"2026-11-03T09:30:00Z","priceCurrency":"USD"}""")]
public sealed record WorkspaceResponse(
    Guid Id, string Name, PlanResponse Plan, string TimeZone, DateTimeOffset BillingAnchor, CycleResponse Cycle, DateTimeOffset CreatedAt,
    string PriceCurrency);


[OpenApiExample("""{"name":"dashboard","scopes":["reports:read"]}""")]
public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes = null);

/// <summary>The key itself appears only in this response; the service keeps its hash.</summary>
[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1002","name":"dashboard","key":"cl_live_7QmZ3kT9xWb2Lr8NvP4sYh6Jd1Fc5Ga0","prefix":"cl_live_7QmZ","scopes":["reports:read"],"createdAt":"2026-11-20T10:00:00Z"}""")]
public sealed record ApiKeyResponse(Guid Id, string Name, string Key, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt);

/// <summary>A key as listed: never the key itself.</summary>
[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1002","name":"dashboard","prefix":"cl_live_7QmZ","scopes":["reports:read"],"createdAt":"2026-11-20T10:00:00Z","revokedAt":null,"lastUsedAt":"2026-11-21T08:15:00Z"}""")]
public sealed record ApiKeySummary(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

[OpenApiExample("""{"email":"ada@example.com","name":"Ada Lovelace"}""")]
public sealed record CreateUserRequest(string? Email, string? Name);

[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1001","email":"ada@example.com","name":"Ada Lovelace","createdAt":"2026-11-20T10:00:00Z"}""")]
public sealed record UserResponse(Guid Id, string Email, string Name, DateTimeOffset CreatedAt);
