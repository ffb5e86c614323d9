using CreditLedger.Rules;

namespace CreditLedger.Rules.Tests;

public class SpendLimitsTests
{
    private static SpendLimitView Limit(LimitScope scope, string id, decimal? actions, decimal? dataCredits, decimal spentActions = 0, decimal spentData = 0) =>
        new(scope, id, new Cost(spentActions, spentData), actions, dataCredits);

    private static readonly ResourceStep[] TableInWorkbookInFolder =
        [new("t1", ResourceKind.Table), new("wb1", ResourceKind.Workbook), new("f1", ResourceKind.Folder)];

    [Fact]
    public void A_cost_that_fits_under_every_cap_breaches_nothing() =>
        SpendLimitRules.FirstBreach(new Cost(5, 5), [Limit(LimitScope.User, "u", 10, 5), Limit(LimitScope.Resource, "wb1", null, 100)]).ShouldBeNull();

    [Fact]
    public void The_first_limit_in_order_that_the_cost_overruns_is_named_with_what_remains_under_it()
    {
        var breach = SpendLimitRules.FirstBreach(new Cost(3, 4),
            [Limit(LimitScope.User, "u", 100, null), Limit(LimitScope.Resource, "wb1", null, 10, spentData: 7), Limit(LimitScope.Resource, "f1", 1, 1)]);

        breach.ShouldBe(new LimitBreach(LimitScope.Resource, "wb1", Currency.DataCredits, 4, 3));
    }

    [Fact]
    public void A_cap_lowered_below_what_was_spent_refuses_every_further_charge_with_nothing_available()
    {
        var lowered = Limit(LimitScope.ApiKey, "k", 5, null, spentActions: 8);

        lowered.Remaining(Currency.Actions).ShouldBe(0);
        SpendLimitRules.FirstBreach(new Cost(0.0001m, 0), [lowered])!.Available.ShouldBe(0);
        SpendLimitRules.FirstBreach(Cost.Zero, [lowered]).ShouldBeNull(); // free work is never refused
    }

    [Fact]
    public void A_cap_of_zero_refuses_any_charge_in_that_currency_only() =>
        SpendLimitRules.FirstBreach(new Cost(1, 0), [Limit(LimitScope.User, "u", null, 0)]).ShouldBeNull();

    [Fact]
    public void User_then_key_then_the_resource_and_its_ancestors_nearest_first_apply()
    {
        var limits = new Dictionary<(LimitScope, string), SpendLimitView>
        {
            [(LimitScope.User, "u")] = Limit(LimitScope.User, "u", 1, null),
            [(LimitScope.ApiKey, "k")] = Limit(LimitScope.ApiKey, "k", 1, null),
            [(LimitScope.Resource, "f1")] = Limit(LimitScope.Resource, "f1", 1, null),
            [(LimitScope.Resource, "t1")] = Limit(LimitScope.Resource, "t1", 1, null),
        };

        var applicable = SpendLimitRules.Applicable("u", "k", TableInWorkbookInFolder, (s, id) => limits.GetValueOrDefault((s, id)), _ => null);

        applicable.Select(l => l.ScopeId).ShouldBe(["u", "k", "t1", "f1"]);
    }

    [Fact]
    public void A_workbook_without_its_own_limit_is_capped_by_the_default_and_one_with_its_own_is_not()
    {
        var fromDefault = Limit(LimitScope.Resource, "wb1", null, 15_000);
        SpendLimitRules.Applicable(null, null, TableInWorkbookInFolder, (_, _) => null, id => id == "wb1" ? fromDefault : null)
            .ShouldBe([fromDefault]);

        var own = Limit(LimitScope.Resource, "wb1", null, 50);
        SpendLimitRules.Applicable(null, null, TableInWorkbookInFolder, (s, id) => id == "wb1" ? own : null, _ => fromDefault)
            .ShouldBe([own]);

        // The default applies to workbooks only, never to tables or folders.
        SpendLimitRules.Applicable(null, null, [new("t9", ResourceKind.Table), new("f9", ResourceKind.Folder)], (_, _) => null, _ => fromDefault)
            .ShouldBeEmpty();
    }

    [Theory]
    [InlineData(3, 3, 7)] // this cycle's counter counts
    [InlineData(2, 3, 0)] // a counter from an earlier cycle starts again at 0
    public void Counters_are_per_billing_cycle(int counterCycle, int currentCycle, decimal expected) =>
        SpendLimitRules.SpentThisCycle(counterCycle, currentCycle, new Cost(7, 7)).Actions.ShouldBe(expected);
}
