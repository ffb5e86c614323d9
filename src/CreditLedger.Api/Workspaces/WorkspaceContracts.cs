using CreditLedger.Api.Infrastructure.Json;
namespace CreditLedger.Api.Workspaces;

[OpenApiExample("""{"name":"Scale","actionsPerCycle":5000,"dataCreditsPerCycle":2000}""")]
public sealed record PlanRequest(string? Name, decimal? ActionsPerCycle, decimal? DataCreditsPerCycle);

[OpenApiExample("""{"name":"Acme GTM","plan":{"name":"Pro","actionsPerCycle":1000,"dataCreditsPerCycle":500},"timeZone":"Europe/Berlin"}""")]
public sealed record CreateWorkspaceRequest(string? Name, PlanRequest? Plan, string? TimeZone);

public sealed record PlanResponse(string Name, decimal ActionsPerCycle, decimal DataCreditsPerCycle);


public sealed record WorkspaceResponse(
    Guid Id, string Name, PlanResponse Plan, string TimeZone, CycleResponse Cycle, DateTimeOffset CreatedAt);


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
