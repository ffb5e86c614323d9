using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

public static class EntryTypes
{
    public const string Grant = "grant";
    public const string Charge = "charge";
    public const string Hold = "hold";
    public const string Release = "release";
    public const string Expiry = "expiry";
    public const string Void = "void";
    public const string Reversal = "reversal";
}

/// <summary>What a ledger entry is about: the usage, reservation and actor it belongs to.</summary>
public readonly record struct EntryContext(
    DateTimeOffset OccurredAt,
    Guid? UsageId = null,
    Guid? EnrichmentId = null,
    Guid? UserId = null,
    string? Kind = null,
    string? Integration = null,
    string? Service = null,
    string? ResourceId = null,
    Guid? ApiKeyId = null);

/// <summary>One immutable ledger row. Amount is signed from the workspace's point of view.</summary>
public sealed record LedgerEntry(
    Guid WorkspaceId,
    long Sequence,
    Guid Id,
    string Type,
    Currency Currency,
    decimal Amount,
    decimal BalanceAfter,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    Guid? UsageId,
    Guid? GrantId,
    Guid? EnrichmentId,
    Guid? UserId,
    string? Kind,
    string? Integration,
    string? Service,
    Guid? ReversesEntryId,
    string? Reason,
    string? ResourceId = null,
    Guid? ApiKeyId = null)
{
    private byte[] hash = [];

    /// <summary>SHA-256 of the previous entry's hash and this entry (<see cref="HashChain"/>): read from the database, or set once by <see cref="ChainFrom"/>.</summary>
    public byte[] Hash { get => hash; init => hash = value; }

    /// <summary>
    /// Sets the hash of a new entry from its predecessor's; done once, in place, because every appended entry is hashed
    /// and a copy made by <c>with</c> would double what an entry allocates.
    /// </summary>
    public LedgerEntry ChainFrom(ReadOnlySpan<byte> previousHash)
    {
        if (hash.Length != 0)
        {
            throw new InvalidOperationException("A ledger entry's hash is set once.");
        }

        hash = HashChain.Next(previousHash, this);
        return this;
    }
}
