namespace CreditLedger.Rules;

/// <summary>Amounts are decimals with at most four fractional digits (numeric(20,4) in storage).</summary>
public static class Money
{
    public const int Scale = 4;
    public const decimal Max = 9_999_999_999_999_999m;

    public static bool HasValidScale(decimal value) => decimal.Round(value, Scale) == value;

    /// <summary>Drops trailing zeros so 1.0000 from the database is written as 1.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
