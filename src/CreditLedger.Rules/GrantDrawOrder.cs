namespace CreditLedger.Rules;

/// <summary>A grant as the draw order sees it; <paramref name="CarriedOver"/> marks a rollover grant.</summary>
public readonly record struct DrawableGrant(Guid Id, decimal Remaining, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt, bool CarriedOver = false);

public readonly record struct Allocation(Guid GrantId, decimal Amount);

/// <summary>
/// Which grants pay for a debit: the earliest expiry first (credits that would be lost soonest),
/// non-expiring grants last; at equal expiry carried-over credit before the cycle's own (it was granted earlier and
/// the contract says so), then by age so the oldest grant is used up first. The id breaks the last tie, so the order
/// is total and an unstable sort gives the same answer as a stable one.
/// </summary>
public static class GrantDrawOrder
{
    public static int Compare(DrawableGrant a, DrawableGrant b)
    {
        var order = (a.ExpiresAt is null).CompareTo(b.ExpiresAt is null);
        if (order == 0)
        {
            order = (a.ExpiresAt ?? DateTimeOffset.MaxValue).CompareTo(b.ExpiresAt ?? DateTimeOffset.MaxValue);
        }

        if (order == 0)
        {
            order = b.CarriedOver.CompareTo(a.CarriedOver);
        }

        if (order == 0)
        {
            order = a.CreatedAt.CompareTo(b.CreatedAt);
        }

        return order != 0 ? order : a.Id.CompareTo(b.Id);
    }

    /// <summary>Splits <paramref name="amount"/> across grants, or returns null when they cannot cover it.</summary>
    public static IReadOnlyList<Allocation>? Allocate(IEnumerable<DrawableGrant> grants, decimal amount)
    {
        var allocations = new List<Allocation>();
        return TryAllocate([.. grants], amount, allocations) ? allocations : null;
    }

    /// <summary>
    /// <see cref="Allocate(IEnumerable{DrawableGrant}, decimal)"/> without allocating, for the ingest path: sorts
    /// <paramref name="grants"/> into draw order in place and appends the split to <paramref name="allocations"/>;
    /// false when the grants cannot cover the amount.
    /// </summary>
    public static bool TryAllocate(Span<DrawableGrant> grants, decimal amount, List<Allocation> allocations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        ArgumentNullException.ThrowIfNull(allocations);
        grants.Sort(Compare);
        var left = amount;
        foreach (var grant in grants)
        {
            if (left == 0)
            {
                break;
            }

            var take = Math.Min(grant.Remaining, left);
            if (take > 0)
            {
                allocations.Add(new Allocation(grant.Id, take));
                left -= take;
            }
        }

        return left == 0;
    }
}
