using CreditLedger.Rules;
using CreditLedger.Api.Engine.Resources;

namespace CreditLedger.Api.Engine.Limits;

/// <summary>The caps of one limit (null: that currency is not capped).</summary>
public sealed record LimitCaps(decimal? Actions, decimal? DataCredits);

/// <summary>Whom a charge or hold is attributed to: the limits that can apply to it are these scopes'.</summary>
public readonly record struct SpendSubject(Guid? UserId, Guid? ApiKeyId, string? ResourceId);

/// <summary>
/// Whose limits a charge, hold, release or reversal counts against, and in which cycle (<paramref name="CountedAt"/>'s):
/// what was recorded, or for a reservation's settlement what was reserved and when. Only the current cycle's counters move.
/// </summary>
public readonly record struct SpendOrigin(SpendSubject Subject, DateTimeOffset CountedAt);

/// <summary>
/// One workspace's spend limits and the running counter of each limited scope, as the book holds them under the
/// workspace lock. Every debit checks (<see cref="FindBreach"/>) and counts (<see cref="Count"/>) the same
/// applicable limits, so a counter moves exactly when a cap can be hit. A counter of an earlier cycle reads as 0.
/// </summary>
public sealed class SpendControls
{
    private readonly Dictionary<(LimitScope, string), LimitCaps> limits = [];
    private readonly Dictionary<(LimitScope, string), SpendCounter> counters = [];
    private int resourceLimits;

    /// <summary>The cap of every workbook without a resource limit of its own; null when the workspace has none.</summary>
    public LimitCaps? WorkbookDefault { get; private set; }

    /// <summary>Each charged resource's way up to its root, nearest first; loaded when <see cref="TracksResources"/>.</summary>
    public Dictionary<string, List<ResourceStep>> Paths { get; } = [];

    public HashSet<(LimitScope Scope, string ScopeId)> Changed { get; } = [];

    /// <summary>Whether no limit can apply to any spend: none is set and there is no workbook default.</summary>
    public bool CapsNothing => limits.Count == 0 && WorkbookDefault is null;

    /// <summary>Whether a resource's ancestry matters: a resource limit or the workbook default exists.</summary>
    public bool TracksResources => WorkbookDefault is not null || resourceLimits > 0;

    /// <summary>Sets (<paramref name="caps"/>) or removes (null) the limit of a target; a null target is the workbook default.</summary>
    public void Set((LimitScope Scope, string Id)? target, LimitCaps? caps)
    {
        if (target is not { } t)
        {
            WorkbookDefault = caps;
        }
        else if (caps is null)
        {
            RemoveLimit(t.Scope, t.Id);
        }
        else
        {
            AddLimit(t.Scope, t.Id, caps);
        }
    }

    private void AddLimit(LimitScope scope, string scopeId, LimitCaps caps)
    {
        if (limits.TryAdd((scope, scopeId), caps))
        {
            resourceLimits += scope == LimitScope.Resource ? 1 : 0;
        }

        limits[(scope, scopeId)] = caps;
    }

    private void RemoveLimit(LimitScope scope, string scopeId)
    {
        if (limits.Remove((scope, scopeId)))
        {
            resourceLimits -= scope == LimitScope.Resource ? 1 : 0;
        }
    }

    /// <summary>A limit that was set, with what its scope spent in cycle <paramref name="cycleIndex"/>; null when none is set.</summary>
    public SpendLimitView? Describe(LimitScope scope, string scopeId, int cycleIndex) =>
        limits.TryGetValue((scope, scopeId), out var caps) ? View(scope, scopeId, caps, cycleIndex) : null;

    /// <summary>Forgets every counter, before a recount from the ledger sets them again.</summary>
    public void ClearCounters()
    {
        counters.Clear();
        Changed.Clear();
    }

    /// <summary>A counter as stored; one this transaction already holds (and may have moved) is kept.</summary>
    public void RestoreCounter(LimitScope scope, string scopeId, int cycleIndex, Cost spent) =>
        counters.TryAdd((scope, scopeId), new SpendCounter(cycleIndex, spent));

    /// <summary>A counter as it is to be written: its cycle and what it holds.</summary>
    public SpendCounter Counter((LimitScope Scope, string ScopeId) key) => counters[key];

    /// <summary>The first applicable limit <paramref name="cost"/> would take above its cap, in the contract's order.</summary>
    public LimitBreach? FindBreach(Cost cost, SpendSubject subject, int cycleIndex) =>
        CapsNothing ? null : SpendLimitRules.FirstBreach(cost, Applicable(subject, cycleIndex));

    /// <summary>Moves every applicable limit's counter by <paramref name="amount"/> (negative for a release or reversal).</summary>
    public void Count(Currency currency, decimal amount, SpendSubject subject, int cycleIndex)
    {
        if (CapsNothing)
        {
            return;
        }

        foreach (var limit in Applicable(subject, cycleIndex))
        {
            var key = (limit.Scope, limit.ScopeId);
            var spent = limit.Spent;
            spent = currency == Currency.Actions ? spent with { Actions = spent.Actions + amount } : spent with { DataCredits = spent.DataCredits + amount };
            counters[key] = new SpendCounter(cycleIndex, spent);
            Changed.Add(key);
        }
    }

    private IReadOnlyList<SpendLimitView> Applicable(SpendSubject subject, int cycleIndex)
    {
        IReadOnlyList<ResourceStep> path = subject.ResourceId is not { } resourceId || !TracksResources ? []
            : Paths.TryGetValue(resourceId, out var known) ? known
            : throw new InvalidOperationException($"The path of resource '{resourceId}' was not loaded before its spend was counted.");
        return SpendLimitRules.Applicable(subject.UserId?.ToString(), subject.ApiKeyId?.ToString(), path,
            (scope, id) => limits.TryGetValue((scope, id), out var caps) ? View(scope, id, caps, cycleIndex) : null,
            workbookId => WorkbookDefault is { } caps ? View(LimitScope.Resource, workbookId, caps, cycleIndex) : null);
    }

    private SpendLimitView View(LimitScope scope, string scopeId, LimitCaps caps, int cycleIndex)
    {
        var spent = counters.TryGetValue((scope, scopeId), out var counter)
            ? SpendLimitRules.SpentThisCycle(counter.CycleIndex, cycleIndex, counter.Spent)
            : Cost.Zero;
        return new SpendLimitView(scope, scopeId, spent, caps.Actions, caps.DataCredits);
    }
}

/// <summary>What a limited scope spent in cycle <paramref name="CycleIndex"/>.</summary>
public readonly record struct SpendCounter(int CycleIndex, Cost Spent);
