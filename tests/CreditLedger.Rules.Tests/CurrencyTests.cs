using CreditLedger.Rules;

namespace CreditLedger.Rules.Tests;

public class CurrencyTests
{
    [Theory]
    [InlineData(Currency.Actions, Currency.DataCredits)]
    [InlineData(Currency.DataCredits, Currency.Actions)]
    public void The_other_currency_of_each_is_the_one_it_is_not(Currency currency, Currency other)
    {
        currency.Other().ShouldBe(other);
        currency.Other().Other().ShouldBe(currency);
    }

    [Fact]
    public void Every_currency_reads_back_from_its_wire_name_and_nothing_else_parses()
    {
        foreach (var currency in Enum.GetValues<Currency>())
        {
            CurrencyNames.Parse(currency.ToWire()).ShouldBe(currency);
        }

        CurrencyNames.TryParse("Actions", out _).ShouldBeFalse();
        CurrencyNames.TryParse("data_credits\0", out _).ShouldBeFalse();
        CurrencyNames.TryParse(null, out _).ShouldBeFalse();
    }
}
