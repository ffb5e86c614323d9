namespace CreditLedger.Rules;

/// <summary>What a cycle boundary does with the ending cycle's unused subscription (and rollover) credit of a currency.</summary>
public readonly record struct RolloverSplit(decimal Carried, decimal Forfeited);

/// <summary>
/// Rollover: the unused remainder is carried into the next cycle up to the plan's cap and the rest is forfeited.
/// The carried part becomes a rollover grant that itself expires at the next boundary, where it counts as unused
/// again together with that cycle's subscription: so carried credit never compounds beyond the cap.
/// </summary>
public static class Rollover
{
    public static RolloverSplit Split(decimal unused, decimal cap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unused);
        ArgumentOutOfRangeException.ThrowIfNegative(cap);
        var carried = Math.Min(unused, cap);
        return new RolloverSplit(carried, unused - carried);
    }
}
