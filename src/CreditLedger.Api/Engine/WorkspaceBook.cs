using CreditLedger.Api.Engine.Limits;
using CreditLedger.Api.Engine.Rollups;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>
/// The state of one workspace's ledger while its head row is locked: balances, open grants and the chain head.
/// Operations change it in memory and append entries; <see cref="LedgerStore"/> writes it all at commit.
/// Because available credit is exactly the sum of open grants' remainders, and every entry moves it by its
/// amount, the balance stays equal to the sum of the ledger by construction.
/// </summary>
public sealed partial class WorkspaceBook
{
    private readonly decimal[] available = new decimal[2];
    private readonly decimal[] held = new decimal[2];
    private readonly decimal[] cycleGranted = new decimal[2];

    public required Guid WorkspaceId { get; init; }
    /// <summary>The instant billing cycles count from (the creation instant unless the workspace was created with one).</summary>
    public required DateTimeOffset BillingAnchor { get; init; }
    public required decimal PlanActions { get; set; }
    public required decimal PlanDataCredits { get; set; }
    public decimal RolloverActions { get; set; }
    public decimal RolloverDataCredits { get; set; }
    public decimal PlanUnitPriceActions { get; set; }
    public decimal PlanUnitPriceDataCredits { get; set; }
    public required DateTimeOffset Now { get; init; }
    public long Sequence { get; private set; }
    private byte[] restoredLastHash = HashChain.Genesis;
    private LedgerEntry? lastAppended;

    /// <summary>The hash the next entry chains from: the last appended entry's, or the head's as restored.</summary>
    public ReadOnlySpan<byte> LastHash => lastAppended is { } entry ? entry.Hash : restoredLastHash;
    public int CycleIndex { get; private set; } = -1;
    public long UsageCount { get; init; }

    // What this transaction changed, for the writer: read-only outside, changed only by the book's own methods.
    private readonly Dictionary<Guid, GrantState> grants = [];
    private readonly HashSet<Guid> changedGrants = [];
    private readonly List<LedgerEntry> newEntries = [];
    private readonly List<UsageRow> newUsage = [];
    private readonly List<StoredResponse> newResponses = [];
    private long usageAdded;

    public IReadOnlyDictionary<Guid, GrantState> Grants => grants;
    public IReadOnlyCollection<Guid> ChangedGrants => changedGrants;
    public IReadOnlyList<LedgerEntry> NewEntries => newEntries;
    public IReadOnlyList<UsageRow> NewUsage => newUsage;

    /// <summary>The responses to write as rows of idempotency_keys: not a usage event's, whose key its row holds (ADR 37).</summary>
    public IReadOnlyList<StoredResponse> NewResponses => newResponses;

    /// <summary>The workspace's usage records after this transaction.</summary>
    public long UsageTotal => UsageCount + usageAdded;

    /// <summary>This transaction's rollup deltas (added to only by <see cref="AppendUsage"/> and reversals).</summary>
    public RollupDeltas Rollups { get; } = new();

    /// <summary>This transaction's value rollup deltas (added to by every entry appended).</summary>
    public ValueDeltas Values { get; } = new();

    /// <summary>Keeps a grant read under the lock (a lapsed or drawn-from grant the transaction may change).</summary>
    public void LoadGrant(GrantState grant) => grants[grant.Id] = grant;

    private readonly Dictionary<(string Scope, string Key), StoredResponse> newResponseIndex = [];

    /// <summary>
    /// Sizes this transaction's collections for <paramref name="events"/> usage events up front (a batch knows its size),
    /// so a batch of 500 does not regrow them, copying, nine or ten times each.
    /// </summary>
    public void ExpectEvents(int events)
    {
        newEntries.EnsureCapacity(newEntries.Count + 2 * events);
        newUsage.EnsureCapacity(newUsage.Count + events);
        newResponseIndex.EnsureCapacity(newResponseIndex.Count + events);
    }

    /// <summary>Keeps a response under its idempotency key, to be written with this transaction (by its event, if it has one).</summary>
    public void AddResponse(StoredResponse response)
    {
        if (!response.HeldByEvent)
        {
            newResponses.Add(response);
        }

        newResponseIndex[(response.Scope, response.Key)] = response;
    }

    /// <summary>A response kept earlier in this transaction (a repeated key inside one batch or group).</summary>
    public StoredResponse? FindNewResponse(string scope, string key) => newResponseIndex.GetValueOrDefault((scope, key));

    public decimal Available(Currency currency) => available[(int)currency];

    public decimal Held(Currency currency) => held[(int)currency];

    public CycleWindow Cycle => BillingCycle.At(BillingAnchor, Now);

    /// <summary>The highest plan allowance of the currency already granted in the current cycle.</summary>
    public decimal CycleGranted(Currency currency) => cycleGranted[(int)currency];

    public void Restore(long sequence, byte[] lastHash, int cycleIndex, decimal[] availableBalances, decimal[] heldBalances, decimal[] granted)
    {
        Sequence = sequence;
        (restoredLastHash, lastAppended) = (lastHash, null);
        CycleIndex = cycleIndex;
        availableBalances.CopyTo(available, 0);
        heldBalances.CopyTo(held, 0);
        granted.CopyTo(cycleGranted, 0);
    }

    /// <summary>
    /// Whether a grant of <paramref name="amount"/> keeps the currency's credit (available and held) within
    /// <see cref="Money.MaxPurchasedBalance"/>, the headroom that keeps every later cycle grant and release storable.
    /// </summary>
    /// <summary>A refusal when adding <paramref name="amount"/> would take the workspace above the most it may hold (available plus held).</summary>
    public Refusal? RefuseAboveCeiling(Currency currency, decimal amount) =>
        Available(currency) + Held(currency) + amount <= Money.MaxPurchasedBalance ? null
        : Refusal.Conflict($"This grant would take the workspace's {currency.ToWire()} above {Money.MaxPurchasedBalance} (available plus held), the most a workspace may hold.");

    public GrantState AddGrant(
        Currency currency, decimal amount, string source, DateTimeOffset effectiveAt, DateTimeOffset? expiresAt, int? cycleIndex = null, decimal unitPrice = 0,
        bool autoTopUp = false)
    {
        var grant = new GrantState
        {
            Id = Uuid7.Next(),
            Currency = currency,
            Source = source,
            Amount = amount,
            Remaining = amount,
            EffectiveAt = effectiveAt,
            ExpiresAt = expiresAt,
            CycleIndex = cycleIndex,
            UnitPrice = unitPrice,
            AutoTopUp = autoTopUp,
            IsNew = true,
        };
        grants[grant.Id] = grant;
        Append(EntryTypes.Grant, currency, amount, new EntryContext(effectiveAt), grant.Id);
        return grant;
    }

    /// <summary>The first currency the cost cannot be paid in, actions before data credits.</summary>
    public Shortfall? FindShortfall(Cost cost)
    {
        foreach (var currency in CurrencyNames.All)
        {
            if (cost[currency] > Available(currency))
            {
                return new Shortfall(currency, cost[currency], Available(currency));
            }
        }

        return null;
    }

    /// <summary>
    /// Gives held credit back to the grants it was taken from. Call <see cref="ExpireLapsedGrants"/> once the
    /// settlement's charge is drawn, so credit returned to a lapsed grant expires. A hold placed in this cycle also
    /// leaves the spend counters it counted against (<paramref name="reserved"/>: who reserved it, and when).
    /// </summary>
    public void Release(IEnumerable<(Guid GrantId, Currency Currency, decimal Amount)> holds, EntryContext context, SpendOrigin reserved)
    {
        foreach (var (grantId, currency, amount) in holds)
        {
            ChangeRemaining(grantId, amount);
            held[(int)currency] -= amount;
            Append(EntryTypes.Release, currency, amount, context, grantId);
            CountSpend(currency, -amount, reserved);
        }
    }

    public void ExpireLapsedGrants()
    {
        foreach (var grant in Grants.Values.Where(g => g.Remaining > 0 && g.IsExpiredAt(Now)).ToList())
        {
            var amount = grant.Remaining;
            ChangeRemaining(grant.Id, -amount);
            Append(EntryTypes.Expiry, grant.Currency, -amount, new EntryContext(grant.ExpiresAt!.Value), grant.Id);
        }
    }

    private void ChangeRemaining(Guid grantId, decimal delta)
    {
        var grant = Grants[grantId];
        grant.Remaining += delta;
        MarkChanged(grant);
    }

    /// <summary>A grant read under the lock whose row the writer must update; a grant made in this transaction is inserted whole.</summary>
    private void MarkChanged(GrantState grant)
    {
        if (!grant.IsNew)
        {
            changedGrants.Add(grant.Id);
        }
    }

    /// <summary>Appends an entry; a reversal names the type of the entry it reverses, which its value counts as.</summary>
    private LedgerEntry Append(string type, Currency currency, decimal amount, EntryContext context, Guid? grantId,
        Guid? reversesEntryId = null, string? reason = null, string? reversedType = null)
    {
        available[(int)currency] += amount;
        var sequence = ++Sequence;
        var entry = new LedgerEntry(
            WorkspaceId, sequence, EntryIds.For(WorkspaceId, sequence, Now), type, currency, amount, Available(currency), Available(currency.Other()), Now, grantId, reversesEntryId, reason, context)
            .ChainFrom(LastHash);
        lastAppended = entry;
        newEntries.Add(entry);
        Values.Add(Now, currency, grantId, reversedType ?? type, amount);
        return entry;
    }
}
