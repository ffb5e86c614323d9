using System.Buffers.Binary;

namespace CreditLedger.Api.Engine;

/// <summary>
/// A decimal as PostgreSQL's binary numeric: base-10000 digits (most significant first, none zero at either end), the
/// weight of the first digit, the sign and the display scale (the decimal's own scale, as Npgsql sends it).
/// </summary>
internal static class NumericEncoding
{
    private const short Positive = 0x0000;
    private const short Negative = 0x4000;
    private static readonly UInt128[] Pad = [1, 1000, 100, 10]; // to the next multiple of 4 fractional digits

    public static void Write(decimal value, CopyRows rows)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = value.Scale;
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((ulong)(uint)bits[1] << 32) | (uint)bits[0];

        // Aligned so that the digits after the point fill whole base-10000 groups; 96 bits times 1000 fits in 128.
        var aligned = mantissa * Pad[scale % 4];
        var fractionGroups = (scale + 3) / 4;
        Span<short> groups = stackalloc short[10]; // least significant first
        var count = 0;
        while (aligned != 0)
        {
            groups[count++] = (short)(ulong)(aligned % 10_000);
            aligned /= 10_000;
        }

        var weight = count == 0 ? 0 : count - fractionGroups - 1;
        var lowest = 0;
        while (lowest < count && groups[lowest] == 0)
        {
            lowest++;
        }

        var digits = count - lowest;
        var field = rows.Field(8 + (2 * digits));
        BinaryPrimitives.WriteInt16BigEndian(field, (short)digits);
        BinaryPrimitives.WriteInt16BigEndian(field[2..], (short)weight);
        BinaryPrimitives.WriteInt16BigEndian(field[4..], digits > 0 && value < 0 ? Negative : Positive);
        BinaryPrimitives.WriteInt16BigEndian(field[6..], (short)scale);
        for (var i = 0; i < digits; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(field[(8 + (2 * i))..], groups[count - 1 - i]);
        }
    }
}
