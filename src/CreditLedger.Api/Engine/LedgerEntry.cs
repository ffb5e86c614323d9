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

/// <summary>
/// What a ledger entry is about: when it happened, and the usage, reservation and actor it belongs to. One object that
/// every entry of an operation shares (an event's charge in both currencies, a debit drawn from several grants), not a
/// copy of these nine fields in each entry.
/// </summary>
public sealed record EntryContext(
    DateTimeOffset OccurredAt,
    Guid? UsageId = null,
    Guid? EnrichmentId = null,
    Guid? UserId = null,
    string? Kind = null,
    string? Integration = null,
    string? Service = null,
    string? ResourceId = null,
    Guid? ApiKeyId = null);

/// <summary>
/// One immutable ledger row. Amount is signed from the workspace's point of view. <paramref name="BalanceAfter"/> is the
/// entry's currency's available balance after it, <paramref name="OtherBalanceAfter"/> the other currency's at the same
/// point, so one entry gives both balances (null on entries written before the ledger kept it).
/// </summary>
public sealed record LedgerEntry(
    Guid WorkspaceId,
    long Sequence,
    Guid Id,
    string Type,
    Currency Currency,
    decimal Amount,
    decimal BalanceAfter,
    decimal? OtherBalanceAfter,
    DateTimeOffset RecordedAt,
    Guid? GrantId,
    Guid? ReversesEntryId,
    string? Reason,
    EntryContext Context)
{
    public DateTimeOffset OccurredAt => Context.OccurredAt;

    public Guid? UsageId => Context.UsageId;

    public Guid? EnrichmentId => Context.EnrichmentId;

    public Guid? UserId => Context.UserId;

    public string? Kind => Context.Kind;

    public string? Integration => Context.Integration;

    public string? Service => Context.Service;

    public string? ResourceId => Context.ResourceId;

    public Guid? ApiKeyId => Context.ApiKeyId;

    private Sha256Digest hash;
    private bool hashed;
    private byte[]? unexpectedHash;

    /// <summary>
    /// SHA-256 of the previous entry's hash and this entry (<see cref="HashChain"/>): read from the database, or set once
    /// by <see cref="ChainFrom"/>; empty until then. Held in the entry itself, not in an array of its own per entry. A
    /// stored hash that is not 32 bytes long (a row altered outside the service) is kept as read, so that verifying the
    /// chain reports it rather than failing to read it.
    /// </summary>
    public ReadOnlySpan<byte> Hash
    {
        get => hashed ? hash : unexpectedHash;
        init
        {
            if (value.Length == Sha256Digest.Length)
            {
                value.CopyTo(hash);
                hashed = true;
            }
            else
            {
                unexpectedHash = value.ToArray();
            }
        }
    }

    /// <summary>
    /// Sets the hash of a new entry from its predecessor's; done once, in place, because every appended entry is hashed
    /// and a copy made by <c>with</c> would double what an entry allocates.
    /// </summary>
    public LedgerEntry ChainFrom(ReadOnlySpan<byte> previousHash)
    {
        if (hashed || unexpectedHash is not null)
        {
            throw new InvalidOperationException("A ledger entry's hash is set once.");
        }

        HashChain.Next(previousHash, this, hash);
        hashed = true;
        return this;
    }
}

/// <summary>A SHA-256 digest stored inline.</summary>
[System.Runtime.CompilerServices.InlineArray(Length)]
public struct Sha256Digest
{
    public const int Length = 32;

    private byte first;
}
