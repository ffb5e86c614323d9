using CreditLedger.Rules;

namespace CreditLedger.Rules.Tests;

public class GrantDrawOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Earliest_expiry_pays_first_and_non_expiring_last()
    {
        var never = new DrawableGrant(Guid.NewGuid(), 10, null, T0);
        var late = new DrawableGrant(Guid.NewGuid(), 10, T0.AddDays(30), T0.AddDays(2));
        var soon = new DrawableGrant(Guid.NewGuid(), 10, T0.AddDays(5), T0.AddDays(3));

        var allocations = GrantDrawOrder.Allocate([never, late, soon], 25)!;

        allocations.ShouldBe([new(soon.Id, 10), new(late.Id, 10), new(never.Id, 5)]);
    }

    [Fact]
    public void At_equal_expiry_carried_over_credit_pays_before_the_cycles_own_whatever_their_ages_and_ids()
    {
        var end = T0.AddMonths(1);
        for (var i = 0; i < 50; i++)
        {
            var subscription = new DrawableGrant(Guid.NewGuid(), 10, end, T0);
            var rollover = new DrawableGrant(Guid.NewGuid(), 10, end, T0.AddTicks(1), CarriedOver: true);

            GrantDrawOrder.Allocate([subscription, rollover], 12)!.ShouldBe([new(rollover.Id, 10), new(subscription.Id, 2)]);
        }
    }

    [Fact]
    public void Among_equal_expiries_the_oldest_grant_pays_first()
    {
        var newer = new DrawableGrant(Guid.NewGuid(), 10, null, T0.AddDays(1));
        var older = new DrawableGrant(Guid.NewGuid(), 10, null, T0);

        GrantDrawOrder.Allocate([newer, older], 4)!.ShouldBe([new(older.Id, 4)]);
    }

    [Fact]
    public void Returns_null_when_grants_cannot_cover_the_amount() =>
        GrantDrawOrder.Allocate([new DrawableGrant(Guid.NewGuid(), 0.5m, null, T0)], 0.5001m).ShouldBeNull();

    [Fact]
    public void Zero_needs_no_grant() =>
        GrantDrawOrder.Allocate([], 0)!.ShouldBeEmpty();

    [Fact]
    public void The_split_does_not_depend_on_the_order_the_grants_come_in()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var grants = Enumerable.Range(0, random.Next(1, 7)).Select(_ => new DrawableGrant(
                Guid.NewGuid(), random.Next(0, 5), random.Next(3) == 0 ? null : T0.AddDays(random.Next(3)), T0.AddDays(random.Next(3)),
                CarriedOver: random.Next(2) == 0)).ToArray();
            var expected = GrantDrawOrder.Allocate(grants, 6);

            random.Shuffle(grants);

            GrantDrawOrder.Allocate(grants, 6).ShouldBe(expected);
        }
    }
}
