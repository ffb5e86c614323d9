using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Each entry's hash is SHA-256(previous hash || canonical text of the entry), so altering, removing or
/// reordering any row breaks every hash after it. The first entry chains from 32 zero bytes.
/// </summary>
/// <remarks>
/// The canonical text is written straight into one pooled buffer as UTF-8 (no string per field): every appended entry
/// is hashed, so this is on the hot path. Its bytes are a stored format, pinned by HashChainTests.
/// </remarks>
public static class HashChain
{
    public static byte[] Genesis { get; } = new byte[32];

    public static byte[] Next(ReadOnlySpan<byte> previousHash, LedgerEntry entry)
    {
        var hash = new byte[SHA256.HashSizeInBytes];
        Next(previousHash, entry, hash);
        return hash;
    }

    /// <summary>Writes the hash of <paramref name="entry"/> after <paramref name="previousHash"/> into <paramref name="destination"/>.</summary>
    public static void Next(ReadOnlySpan<byte> previousHash, LedgerEntry entry, Span<byte> destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(previousHash.Length + MaxCanonicalBytes(entry));
        try
        {
            previousHash.CopyTo(buffer);
            var length = previousHash.Length + WriteCanonical(entry, buffer.AsSpan(previousHash.Length));
            SHA256.HashData(buffer.AsSpan(0, length), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Every stored field in a fixed order, '|' between them, a null field empty: UUIDs as 32 hex digits, amounts at the
    /// storage scale, instants in Unix microseconds. The attribution fields added later (resource, API key) follow only
    /// when one is set, so entries written before them hash as they did.
    /// </summary>
    private static int WriteCanonical(LedgerEntry e, Span<byte> destination)
    {
        // Each call returns the writer moved on (it is a ref struct, so a copy): the chain is assigned back.
        var text = new CanonicalWriter(destination).Id(e.WorkspaceId).Number(e.Sequence).Id(e.Id).Text(e.Type).Text(e.Currency.ToWire())
            .Amount(e.Amount).Amount(e.BalanceAfter).Number(Micros(e.OccurredAt)).Number(Micros(e.RecordedAt))
            .Id(e.UsageId).Id(e.GrantId).Id(e.EnrichmentId).Id(e.UserId).Text(e.Kind).Text(e.Integration).Text(e.Service)
            .Id(e.ReversesEntryId).Text(e.Reason);
        if (e.ResourceId is not null || e.ApiKeyId is not null)
        {
            text = text.Text(e.ResourceId).Id(e.ApiKeyId);
        }

        return text.Length;
    }

    /// <summary>Room for the fixed fields (UUIDs, numbers, separators) and the text fields at their longest UTF-8.</summary>
    private static int MaxCanonicalBytes(LedgerEntry e) => 512 + Encoding.UTF8.GetMaxByteCount(
        e.Type.Length + (e.Kind?.Length ?? 0) + (e.Integration?.Length ?? 0) + (e.Service?.Length ?? 0) + (e.Reason?.Length ?? 0)
        + (e.ResourceId?.Length ?? 0) + 16);

    private static long Micros(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>Appends fields as UTF-8, each after a '|' but the first.</summary>
    private ref struct CanonicalWriter(Span<byte> destination)
    {
        private readonly Span<byte> destination = destination;

        public int Length { get; private set; } = -1;

        public CanonicalWriter Id(Guid? id) => id is { } value ? Written(value.TryFormat(Next(), out var n, "N"), n) : Empty();

        public CanonicalWriter Number(long value) => Written(value.TryFormat(Next(), out var n, default, CultureInfo.InvariantCulture), n);

        public CanonicalWriter Amount(decimal value) => Written(value.TryFormat(Next(), out var n, "F4", CultureInfo.InvariantCulture), n);

        public CanonicalWriter Text(string? value) => value is null ? Empty() : Written(true, Encoding.UTF8.GetBytes(value, Next()));

        private CanonicalWriter Empty()
        {
            Next(); // the separator of an empty field
            return Written(true, 0);
        }

        /// <summary>Where the next field goes, after its separator.</summary>
        private Span<byte> Next()
        {
            if (Length >= 0)
            {
                destination[Length] = (byte)'|';
            }

            return destination[(Length + 1)..];
        }

        private CanonicalWriter Written(bool fitted, int bytes)
        {
            if (!fitted)
            {
                throw new InvalidOperationException("A ledger entry's canonical text outgrew its buffer.");
            }

            Length += 1 + bytes;
            return this;
        }
    }
}
