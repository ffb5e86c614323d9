using CreditLedger.Rules;

namespace CreditLedger.Rules.Tests;

public class ChargeRulesTests
{
    private static readonly ServicePrice Finder = new(1, 1, ChargePolicy.OnSuccess);
    private static readonly ServicePrice Validation = new(1, 1, ChargePolicy.PerAttempt);

    [Theory]
    [InlineData(ChargePolicy.OnSuccess, Outcome.Success, true)]
    [InlineData(ChargePolicy.OnSuccess, Outcome.NotFound, false)]
    [InlineData(ChargePolicy.OnSuccess, Outcome.Failed, false)]
    [InlineData(ChargePolicy.PerAttempt, Outcome.Success, true)]
    [InlineData(ChargePolicy.PerAttempt, Outcome.NotFound, true)]
    [InlineData(ChargePolicy.PerAttempt, Outcome.Failed, false)]
    public void Billability_follows_the_policy_table(ChargePolicy policy, Outcome outcome, bool billable) =>
        ChargeRules.IsBillable(policy, outcome).ShouldBe(billable);

    [Fact]
    public void A_finder_that_finds_nothing_costs_nothing() =>
        ChargeRules.ForEnrichment(Finder, Outcome.NotFound, 5, ownApiKey: false).IsZero.ShouldBeTrue();

    [Fact]
    public void A_validation_is_charged_when_it_ran() =>
        ChargeRules.ForEnrichment(Validation, Outcome.NotFound, 3, ownApiKey: false).ShouldBe(new Cost(3, 3));

    [Fact]
    public void Own_api_key_waives_data_credits_but_not_actions() =>
        ChargeRules.ForEnrichment(new ServicePrice(2, 1.5m, ChargePolicy.OnSuccess), Outcome.Success, 2, ownApiKey: true)
            .ShouldBe(new Cost(4, 0));

    [Fact]
    public void Platform_work_costs_one_action_per_unit_on_success_only()
    {
        ChargeRules.ForPlatformWork(Outcome.Success, 7).ShouldBe(new Cost(7, 0));
        ChargeRules.ForPlatformWork(Outcome.Failed, 7).IsZero.ShouldBeTrue();
    }

    [Fact]
    public void A_hold_covers_the_successful_cost() =>
        ChargeRules.MaximumHold(Validation, 4, ownApiKey: false).ShouldBe(new Cost(4, 4));
}
