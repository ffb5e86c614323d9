namespace CreditLedger.Rules;

/// <summary>A grant as the draw order sees it; <paramref name="CarriedOver"/> marks a rollover grant.</summary>
public sealed record DrawableGrant(Guid Id, decimal Remaining, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt, bool CarriedOver = false);

public readonly record struct Allocation(Guid GrantId, decimal Amount);

/// <summary>
/// Which grants pay for a debit: the earliest expiry first (credits that would be lost soonest),
/// non-expiring grants last; at equal expiry carried-over credit before the cycle's own (it was granted earlier and
/// the contract says so), then by age so the oldest grant is used up first.
/// </summary>
public static class GrantDrawOrder
{
    public static IEnumerable<DrawableGrant> Order(IEnumerable<DrawableGrant> grants) =>
        grants
            .OrderBy(g => g.ExpiresAt is null ? 1 : 0)
            .ThenBy(g => g.ExpiresAt ?? DateTimeOffset.MaxValue)
            .ThenBy(g => g.CarriedOver ? 0 : 1)
            .ThenBy(g => g.CreatedAt)
            .ThenBy(g => g.Id);

    /// <summary>Splits <paramref name="amount"/> across grants, or returns null when they cannot cover it.</summary>
    public static IReadOnlyList<Allocation>? Allocate(IEnumerable<DrawableGrant> grants, decimal amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var allocations = new List<Allocation>();
        var left = amount;
        foreach (var grant in Order(grants))
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

        return left == 0 ? allocations : null;
    }
}
