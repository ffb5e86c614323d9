using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace CreditLedger.Api.Json;

/// <summary>
/// Reads a JSON number as a decimal only when the decimal is exactly the number sent: <c>1e-400</c> or
/// <c>1.00000000000000000000000000001</c> would otherwise round silently (to 0 and 1) and pass every later check.
/// </summary>
public static class ExactNumbers
{
    private const int MaxExponent = 64;

    public static bool TryRead(ref Utf8JsonReader reader, out decimal value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out value))
        {
            return false;
        }

        var raw = reader.HasValueSequence ? Encoding.ASCII.GetString(reader.ValueSequence) : Encoding.ASCII.GetString(reader.ValueSpan);
        return TryParseExact(raw, out var sent) && sent == ToRational(value);
    }

    /// <summary>The number as mantissa × 10^exponent, normalized (no trailing zeros in the mantissa).</summary>
    private static bool TryParseExact(string raw, out (BigInteger Mantissa, int Exponent) number)
    {
        number = default;
        var exponentAt = raw.IndexOfAny(['e', 'E']);
        var exponent = 0;
        if (exponentAt >= 0 && !int.TryParse(raw.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            return false;
        }

        var significand = exponentAt >= 0 ? raw[..exponentAt] : raw;
        var dot = significand.IndexOf('.');
        if (dot >= 0)
        {
            exponent -= significand.Length - dot - 1;
            significand = significand.Remove(dot, 1);
        }

        var mantissa = BigInteger.Parse(significand, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        number = Normalize(mantissa, exponent);
        return mantissa.IsZero || Math.Abs(number.Exponent) <= MaxExponent;
    }

    private static (BigInteger, int) ToRational(decimal value)
    {
        var bits = decimal.GetBits(value);
        var scale = (bits[3] >> 16) & 0xFF;
        var magnitude = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        return Normalize(value < 0 ? -magnitude : magnitude, -scale);
    }

    private static (BigInteger, int) Normalize(BigInteger mantissa, int exponent)
    {
        if (mantissa.IsZero)
        {
            return (BigInteger.Zero, 0);
        }

        while (mantissa % 10 == 0)
        {
            mantissa /= 10;
            exponent++;
        }

        return (mantissa, exponent);
    }
}
