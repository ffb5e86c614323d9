namespace CreditLedger.Rules;

/// <summary>Amounts are decimals with at most four fractional digits (numeric(20,4) in storage).</summary>
public static class Money
{
    public const int Scale = 4;
    /// <summary>The largest amount numeric(20,4) stores.</summary>
    public const decimal Max = 9_999_999_999_999_999m;

    /// <summary>The largest plan allowance per currency and cycle (and so the largest rollover cap).</summary>
    public const decimal MaxAllowance = 1_000_000_000_000m;

    /// <summary>
    /// A grant may not take a currency's credit (available plus held) beyond this. The headroom above it to
    /// <see cref="Max"/> holds every grant the service issues by itself (a cycle's allowance, raises, rollover),
    /// so no later grant, release or reversal can overflow a stored balance.
    /// </summary>
    public const decimal MaxPurchasedBalance = 1_000_000_000_000_000m;

    public static bool HasValidScale(decimal value) => decimal.Round(value, Scale) == value;

    /// <summary>Unit prices (what one credit is worth) have six fractional digits: a credit may cost $0.000125.</summary>
    public const int PriceScale = 6;

    /// <summary>The most one credit may be worth, in the workspace's price currency.</summary>
    public const decimal MaxUnitPrice = 1_000_000m;

    /// <summary>A unit price the ledger can store: 0 to <see cref="MaxUnitPrice"/>, at most six fractional digits.</summary>
    public const string UnitPriceRule = "Must be a number from 0 to 1000000 with at most 6 decimals.";

    public static bool IsValidUnitPrice(decimal value) => value >= 0 && value <= MaxUnitPrice && decimal.Round(value, PriceScale) == value;

    /// <summary>Drops trailing zeros so 1.0000 from the database is written as 1.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
