using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CreditLedger.Rules;

/// <summary>
/// Version 7 UUIDs (RFC 9562: 48-bit Unix milliseconds, then 74 random bits), like <see cref="Uuid7.Next()"/>,
/// but with the random bits taken from a per-thread buffer the system CSPRNG refills 4 KiB at a time. Guid.CreateVersion7
/// asks the kernel for randomness on every call; on a virtual machine that system call cost ~1.7 µs, and an event
/// needs three ids (its usage row and two ledger entries).
/// </summary>
public static class Uuid7
{
    private const int PoolBytes = 4096;
    private const int RandomBytes = 10;

    [ThreadStatic]
    private static byte[]? pool;

    [ThreadStatic]
    private static int next;

    public static Guid Next() => Next(DateTimeOffset.UtcNow);

    public static Guid Next(DateTimeOffset timestamp)
    {
        if (pool is null || next + RandomBytes > PoolBytes)
        {
            pool ??= new byte[PoolBytes];
            RandomNumberGenerator.Fill(pool);
            next = 0;
        }

        var random = pool.AsSpan(next, RandomBytes);
        next += RandomBytes;
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, timestamp.ToUnixTimeMilliseconds() << 16);
        bytes[6] = (byte)(0x70 | (random[0] & 0x0F)); // version 7
        bytes[7] = random[1];
        bytes[8] = (byte)(0x80 | (random[2] & 0x3F)); // variant 10
        random[3..].CopyTo(bytes[9..]);
        random.Clear(); // a used random byte is never handed out again, nor left readable
        return new Guid(bytes, bigEndian: true);
    }
}
