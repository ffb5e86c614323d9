using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Each entry's hash is SHA-256(previous hash || canonical text of the entry), so altering, removing or
/// reordering any row breaks every hash after it. The first entry chains from 32 zero bytes.
/// </summary>
public static class HashChain
{
    public static byte[] Genesis { get; } = new byte[32];

    public static byte[] Next(ReadOnlySpan<byte> previousHash, LedgerEntry entry)
    {
        var canonical = Encoding.UTF8.GetBytes(Canonical(entry));
        var buffer = new byte[previousHash.Length + canonical.Length];
        previousHash.CopyTo(buffer);
        canonical.CopyTo(buffer.AsSpan(previousHash.Length));
        return SHA256.HashData(buffer);
    }

    /// <summary>
    /// Every stored field in a fixed order; amounts at the storage scale, instants in microseconds. The attribution
    /// fields added later (resource, API key) follow only when one is set, so entries written before them hash as they did.
    /// </summary>
    public static string Canonical(LedgerEntry e) => e.ResourceId is null && e.ApiKeyId is null
        ? Fields(e)
        : string.Join('|', Fields(e), e.ResourceId, e.ApiKeyId?.ToString("N"));

    private static string Fields(LedgerEntry e) => string.Join('|',
        e.WorkspaceId.ToString("N"),
        e.Sequence.ToString(CultureInfo.InvariantCulture),
        e.Id.ToString("N"),
        e.Type,
        e.Currency.ToWire(),
        e.Amount.ToString("F4", CultureInfo.InvariantCulture),
        e.BalanceAfter.ToString("F4", CultureInfo.InvariantCulture),
        Micros(e.OccurredAt),
        Micros(e.RecordedAt),
        e.UsageId?.ToString("N"),
        e.GrantId?.ToString("N"),
        e.EnrichmentId?.ToString("N"),
        e.UserId?.ToString("N"),
        e.Kind,
        e.Integration,
        e.Service,
        e.ReversesEntryId?.ToString("N"),
        e.Reason);

    private static string Micros(DateTimeOffset instant) =>
        ((instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture);
}
