using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

public static class GrantSources
{
    public const string Subscription = "subscription";
    public const string Rollover = "rollover";
    public const string Purchase = "purchase";
    public const string Promotion = "promotion";
    public const string Adjustment = "adjustment";
}

/// <summary>A grant as the book tracks it while a workspace is locked.</summary>
public sealed class GrantState
{
    public required Guid Id { get; init; }
    public required Currency Currency { get; init; }
    public required string Source { get; init; }
    public required decimal Amount { get; init; }
    public required decimal Remaining { get; set; }
    /// <summary>When its credit began to count: when it was made, or for a grant that waited for payment, when it was activated.</summary>
    public required DateTimeOffset EffectiveAt { get; set; }

    /// <summary>active, pending (no credit until activated) or voided (its remaining credit given up).</summary>
    public string Status { get; set; } = GrantStatuses.Active;

    public bool AutoTopUp { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>What one credit of it is worth in the workspace's price currency (its cost basis); written once, with the grant.</summary>
    public decimal UnitPrice { get; init; }

    /// <summary>Set only for the plan allowance issued at a cycle's start (unique per cycle in the database).</summary>
    public int? CycleIndex { get; init; }

    public bool IsNew { get; init; }

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;

    public DrawableGrant ToDrawable() => new(Id, Remaining, ExpiresAt, EffectiveAt, Source == GrantSources.Rollover);
}
