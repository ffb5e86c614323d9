namespace CreditLedger.Api.Engine.TopUps;

/// <summary>What a top-up rule makes: an active grant at once, or a pending one a payment system activates or voids.</summary>
public static class TopUpModes
{
    public const string Grant = "grant";
    public const string Request = "request";

    public static bool IsValid(string? mode) => mode is Grant or Request;
}

/// <summary>A currency's rule: when a charge or hold leaves available below <see cref="Below"/>, grant <see cref="Amount"/> at <see cref="UnitPrice"/>.</summary>
public sealed record TopUpRule(decimal Below, decimal Amount, string Mode, decimal UnitPrice, int MaxPerCycle);

/// <summary>
/// A currency's rule as the book holds it under the workspace lock: the rule, the top-ups it made in cycle
/// <see cref="UsedCycle"/>, and whether one of its currency waits for payment. Only the book changes it, so what it counts
/// is exact however many charges race: they are serialized by the lock.
/// </summary>
public sealed class TopUpState(TopUpRule rule, int usedCycle, int usedCount, bool pending)
{
    public TopUpRule Rule { get; } = rule;
    public int UsedCycle { get; private set; } = usedCycle;
    public int UsedCount { get; private set; } = usedCount;

    /// <summary>A top-up grant of this currency is pending (made in request mode, not yet activated or voided).</summary>
    public bool Pending { get; set; } = pending;

    /// <summary>The counter moved in this transaction and must be written with it.</summary>
    public bool Changed { get; private set; }

    public int UsedIn(int cycleIndex) => CountIn(UsedCycle, UsedCount, cycleIndex);

    /// <summary>A counter of cycle <paramref name="usedCycle"/> counts as 0 in any other cycle.</summary>
    public static int CountIn(int usedCycle, int usedCount, int cycleIndex) => usedCycle == cycleIndex ? usedCount : 0;

    /// <summary>Whether the rule may make another top-up now: under its cycle's maximum, and none waiting for payment in request mode.</summary>
    public bool MayTopUp(int cycleIndex) => UsedIn(cycleIndex) < Rule.MaxPerCycle && !(Rule.Mode == TopUpModes.Request && Pending);

    public void Count(int cycleIndex)
    {
        UsedCount = UsedIn(cycleIndex) + 1;
        UsedCycle = cycleIndex;
        Pending |= Rule.Mode == TopUpModes.Request;
        Changed = true;
    }
}
