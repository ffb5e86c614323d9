using CreditLedger.Rules;

using static CreditLedger.Api.Engine.Rollups.UtcBuckets;

namespace CreditLedger.Api.Engine.Rollups;

/// <summary>A value rollup row's key: the UTC hour an entry was recorded in, its currency, its grant and its movement.</summary>
public readonly record struct ValueKey(DateTimeOffset Hour, Currency Currency, Guid GrantId, string Movement);

/// <summary>
/// What one transaction's entries add to the value rollups: Σ amount per recording hour, currency, grant and movement
/// (grant, charge, expiry, void; a reversal counts as the movement it reverses). Holds and releases carry no value.
/// </summary>
public sealed class ValueDeltas
{
    private static readonly HashSet<string> Movements = [EntryTypes.Grant, EntryTypes.Charge, EntryTypes.Expiry, EntryTypes.Void];

    public Dictionary<ValueKey, decimal> ByHour { get; } = [];

    /// <summary>Adds an entry of the given movement (the reversed entry's type, for a reversal) when it has value.</summary>
    public void Add(DateTimeOffset recordedAt, Currency currency, Guid? grantId, string movement, decimal amount)
    {
        if (grantId is not { } grant || !Movements.Contains(movement))
        {
            return;
        }

        var key = new ValueKey(Floor(recordedAt, Hour), currency, grant, movement);
        ByHour[key] = ByHour.GetValueOrDefault(key) + amount;
    }
}
