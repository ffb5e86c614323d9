namespace CreditLedger.Api.Database;

// EF Core entities for the administrative tables. Ledger tables are written with plain SQL by the ledger
// engine (see Engine/), which needs row locks and multi-row statements that EF does not express.

public sealed class Workspace
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string TimeZone { get; set; }
    public required string PlanName { get; set; }
    public decimal PlanActions { get; set; }
    public decimal PlanDataCredits { get; set; }
    public decimal PlanRolloverActions { get; set; }
    public decimal PlanRolloverDataCredits { get; set; }
    public decimal PlanUnitPriceActions { get; set; }
    public decimal PlanUnitPriceDataCredits { get; set; }
    public string PriceCurrency { get; set; } = "USD";
    public DateTimeOffset BillingAnchor { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ApiKey
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required byte[] KeyHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public required string[] Scopes { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

public sealed class User
{
    public Guid WorkspaceId { get; set; }
    public Guid Id { get; set; }
    public required string Email { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class Integration
{
    public required string Key { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<IntegrationService> Services { get; set; } = [];
}

public sealed class IntegrationService
{
    public required string IntegrationKey { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }
    public decimal DataCredits { get; set; }
    public decimal Actions { get; set; }
    public required string ChargePolicy { get; set; }
    public int Position { get; set; }
}

public sealed class WorkspaceIntegration
{
    public Guid WorkspaceId { get; set; }
    public required string IntegrationKey { get; set; }
    public bool OwnApiKey { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
