using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

// The commands the engine's front door takes (CreditEngine), one per money operation. The edge has validated their
// shapes; the engine decides everything that depends on the ledger's state. RequestHash is the fingerprint of the
// request body that an idempotency key is compared with.

/// <summary>One usage event, recorded in a group commit with others.</summary>
public sealed record RecordUsage(Guid WorkspaceId, KeyedUsage Usage);

/// <summary>A batch's events, each standing alone; a null item was refused at the edge and is skipped.</summary>
public sealed record RecordUsageBatch(Guid WorkspaceId, IReadOnlyList<KeyedUsage?> Events);

/// <summary>Hold the most an enrichment can cost until it is completed or cancelled (or times out).</summary>
public sealed record Reserve(
    Guid WorkspaceId, string IdempotencyKey, byte[] RequestHash, Guid? UserId, string Integration, string Service, int Quantity,
    string? ResourceId, Guid? ApiKeyId);

/// <summary>Settle a reservation: with an outcome, charge by the service's policy; without, release it (cancel).</summary>
public sealed record Settle(Guid WorkspaceId, Guid EnrichmentId, Outcome? Outcome, Guid? ApiKeyId);

public sealed record GrantCredits(
    Guid WorkspaceId, string IdempotencyKey, byte[] RequestHash, Currency Currency, decimal Amount, string Source, DateTimeOffset? ExpiresAt,
    decimal UnitPrice = 0, bool Pending = false);

/// <summary>A pending grant becomes active (its payment arrived): its credit and grant entry count from now.</summary>
public sealed record ActivateGrant(Guid WorkspaceId, Guid GrantId);

/// <summary>A grant is voided: a pending one never counts; an active one gives up what remains of it as a void entry.</summary>
public sealed record VoidGrant(Guid WorkspaceId, Guid GrantId, string Reason);

/// <summary>Append the opposite of a grant or charge entry (once per entry).</summary>
public sealed record ReverseEntry(Guid WorkspaceId, Guid EntryId, string Reason);

/// <summary>Open a workspace with its first cycle's allowance; a workspace moved from elsewhere keeps its billing anchor.</summary>
public sealed record OpenWorkspace(string Name, string TimeZone, string PlanName, PlanTerms Plan, DateTimeOffset? BillingAnchor, string PriceCurrency = "USD");

public sealed record ChangePlan(Guid WorkspaceId, string PlanName, PlanTerms Plan);

/// <summary>Set (or replace) the caps on one user, key or resource; a null <paramref name="Target"/> is the workbook default.</summary>
public sealed record SetSpendLimit(Guid WorkspaceId, (LimitScope Scope, string Id)? Target, LimitCaps Caps);

public sealed record RemoveSpendLimit(Guid WorkspaceId, (LimitScope Scope, string Id)? Target);

/// <summary>Create a resource, or rename, re-kind or move it (a move re-counts the limits the tree carries).</summary>
public sealed record PutResource(Guid WorkspaceId, string ResourceId, ResourceKind Kind, string Name, string? ParentId, Guid? OwnerUserId);

public sealed record DeleteResource(Guid WorkspaceId, string ResourceId);

/// <summary>
/// What a planned run would cost at most and whether a reservation of all of it would be accepted now; nothing is held or
/// written. <paramref name="ApiKeyId"/> is the key whose limits apply (null: no key's, as for the admin key).
/// </summary>
public sealed record EstimateRun(Guid WorkspaceId, IReadOnlyList<PlannedWork> Items, Guid? UserId, string? ResourceId, Guid? ApiKeyId);

/// <summary>One line of a planned run: enrichments of a service (every one a success), or platform work (a null integration).</summary>
public sealed record PlannedWork(string? Integration, string? Service, int Quantity);

/// <summary>
/// Replace, remove or keep each currency's auto top-up rule: <see cref="TopUps.TopUpChange.Keep"/> leaves it as it is, a change
/// with a null rule removes it. The counts of top-ups already made this cycle stay.
/// </summary>
public sealed record SetTopUpRules(Guid WorkspaceId, TopUps.TopUpChange Actions, TopUps.TopUpChange DataCredits);
