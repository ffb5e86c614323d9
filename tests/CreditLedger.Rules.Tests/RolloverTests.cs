using CreditLedger.Rules;

namespace CreditLedger.Rules.Tests;

public class RolloverTests
{
    [Theory]
    [InlineData(300, 500, 300, 0)] // below the cap: all of it carries
    [InlineData(800, 500, 500, 300)] // above the cap: the rest is forfeited
    [InlineData(500, 500, 500, 0)]
    [InlineData(120.5, 0, 0, 120.5)] // a cap of 0: nothing rolls over
    [InlineData(0, 500, 0, 0)] // nothing unused: nothing to carry or forfeit
    [InlineData(200, 10_000, 200, 0)] // a cap above the allowance changes nothing: only what is unused carries
    public void Unused_credit_carries_up_to_the_cap_and_the_rest_is_forfeited(decimal unused, decimal cap, decimal carried, decimal forfeited) =>
        Rollover.Split(unused, cap).ShouldBe(new RolloverSplit(carried, forfeited));

    [Fact]
    public void Carried_credit_never_compounds_beyond_the_cap()
    {
        // Each cycle nothing is spent: the carry is what the previous cycle's subscription and rollover left, capped.
        const decimal allowance = 1000, cap = 1000;
        decimal rollover = 0;
        for (var cycle = 0; cycle < 24; cycle++)
        {
            rollover = Rollover.Split(allowance + rollover, cap).Carried;
            rollover.ShouldBeLessThanOrEqualTo(cap);
        }

        rollover.ShouldBe(cap);
    }

    [Fact]
    public void Negative_amounts_are_a_programming_error() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Rollover.Split(-1, 5));
}
