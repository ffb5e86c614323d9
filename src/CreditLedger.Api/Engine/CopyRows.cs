using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Rows in PostgreSQL's binary COPY format (a header, then per row a field count and each field as its length and
/// bytes, then a trailer), encoded into a pooled buffer for Npgsql's raw binary COPY. Only the column types the bulk
/// appends use, each encoded as PostgreSQL's own receive function reads it (ADR 23: why the rows are not written
/// through Npgsql's importer). A field written wrong fails the COPY or the chain check; BinaryCopyTests compares every
/// type, at its extremes, with what Npgsql's own encoding stores.
/// </summary>
public sealed class CopyRows : IDisposable
{
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    // Strict, as Npgsql's: a lone surrogate throws instead of being stored as U+FFFD.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly long Epoch2000Ticks = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
    private const int FlushAt = 64 * 1024;

    private byte[] buffer = ArrayPool<byte>.Shared.Rent(FlushAt * 2);
    private int length;

    public CopyRows() => Header.CopyTo(Room(Header.Length));

    public void StartRow(short fields) => BinaryPrimitives.WriteInt16BigEndian(Room(2), fields);

    public void Null() => BinaryPrimitives.WriteInt32BigEndian(Room(4), -1);

    public void Uuid(Guid value)
    {
        var field = Field(16);
        value.TryWriteBytes(field, bigEndian: true, out _);
    }

    public void Uuid(Guid? value)
    {
        if (value is { } id)
        {
            Uuid(id);
        }
        else
        {
            Null();
        }
    }

    public void Bigint(long value) => BinaryPrimitives.WriteInt64BigEndian(Field(8), value);

    public void Int4(int value) => BinaryPrimitives.WriteInt32BigEndian(Field(4), value);

    public void Boolean(bool value) => Field(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>timestamptz: microseconds from 2000-01-01 UTC; like Npgsql, only offset 0 and the extremes as ±infinity.</summary>
    public void Timestamp(DateTimeOffset value)
    {
        if (value.Offset != TimeSpan.Zero)
        {
            throw new ArgumentException("A timestamptz is written at offset 0 (UTC).", nameof(value));
        }

        Bigint(value == DateTimeOffset.MinValue ? long.MinValue
            : value == DateTimeOffset.MaxValue ? long.MaxValue
            : (value.UtcTicks - Epoch2000Ticks) / TimeSpan.TicksPerMicrosecond);
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        Encoded(value, prefix: ReadOnlySpan<byte>.Empty);
    }

    /// <summary>text already encoded as UTF-8 (what the serialiser wrote): its bytes as they are.</summary>
    public void Utf8Text(ReadOnlySpan<byte> value) => value.CopyTo(Field(value.Length));

    /// <summary>jsonb: its format version (1), then the JSON text.</summary>
    public void Jsonb(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        Encoded(value, prefix: [1]);
    }

    public void Bytea(ReadOnlySpan<byte> value) => value.CopyTo(Field(value.Length));

    /// <summary>bytea, or NULL for no bytes at all (an empty array is the empty bytea).</summary>
    public void Bytea(byte[]? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        Bytea(value.AsSpan());
    }

    public void Numeric(decimal value) => NumericEncoding.Write(value, this);

    public void Numeric(decimal? value)
    {
        if (value is { } number)
        {
            Numeric(number);
        }
        else
        {
            Null();
        }
    }

    /// <summary>Sends what is buffered once it is large, so a big batch streams instead of building in memory.</summary>
    public async ValueTask FlushIfLargeAsync(Stream copy, CancellationToken ct)
    {
        if (length >= FlushAt)
        {
            await copy.WriteAsync(buffer.AsMemory(0, length), ct);
            length = 0;
        }
    }

    /// <summary>Writes the trailer and everything still buffered.</summary>
    public async ValueTask FinishAsync(Stream copy, CancellationToken ct)
    {
        BinaryPrimitives.WriteInt16BigEndian(Room(2), -1);
        await copy.WriteAsync(buffer.AsMemory(0, length), ct);
        length = 0;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }

    /// <summary>A field of <paramref name="size"/> bytes: its length written, its bytes to fill.</summary>
    internal Span<byte> Field(int size)
    {
        var room = Room(4 + size);
        BinaryPrimitives.WriteInt32BigEndian(room, size);
        return room[4..];
    }

    private void Encoded(string value, ReadOnlySpan<byte> prefix)
    {
        var room = Room(4 + prefix.Length + Utf8.GetMaxByteCount(value.Length));
        prefix.CopyTo(room[4..]);
        var size = prefix.Length + Utf8.GetBytes(value, room[(4 + prefix.Length)..]);
        BinaryPrimitives.WriteInt32BigEndian(room, size);
        length -= room.Length - 4 - size; // give back what the worst case reserved
    }

    private Span<byte> Room(int size)
    {
        if (length + size > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + size));
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        var room = buffer.AsSpan(length, size);
        length += size;
        return room;
    }
}
