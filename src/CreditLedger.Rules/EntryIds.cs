using System.Buffers.Binary;

namespace CreditLedger.Rules;

/// <summary>
/// Ledger entry ids that carry their entry's sequence, so the ledger's primary key (workspace, sequence) finds an entry
/// by id and no second unique index is written for every entry (ADR 33). An id is a version 7 UUID (RFC 9562): the
/// entry's Unix milliseconds, the version, 12 bits left 0, the variant, and 62 bits holding the sequence XOR the low
/// 62 bits of the workspace id. The XOR keeps the ids of two workspaces' entries with the same sequence and millisecond
/// apart (workspace ids end in 62 random bits); within a workspace the sequence alone makes them unique.
/// The database decodes the same bits (<c>ledger_entry_id_sequence</c>, migration 0028); a test holds the two together.
/// </summary>
public static class EntryIds
{
    private const ulong SequenceMask = (1UL << 62) - 1;

    /// <summary>The largest sequence an id can carry (2^62 − 1).</summary>
    public const long MaxSequence = (long)SequenceMask;

    public static Guid For(Guid workspaceId, long sequence, DateTimeOffset recordedAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxSequence);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, recordedAt.ToUnixTimeMilliseconds() << 16);
        bytes[6] = 0x70; // version 7; rand_a is 0
        var low = ((ulong)sequence ^ LowBits(workspaceId)) & SequenceMask;
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low | 0x8000_0000_0000_0000UL); // variant 10
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// The sequence an id would carry in this workspace. Every id decodes to some number; only an entry's own id decodes
    /// to its sequence, so a reader compares the id of the entry it finds there.
    /// </summary>
    public static long SequenceOf(Guid workspaceId, Guid id) => (long)((LowBits(id) ^ LowBits(workspaceId)) & SequenceMask);

    private static ulong LowBits(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
    }
}
