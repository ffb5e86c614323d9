using CreditLedger.Rules;
using FluentValidation;

namespace CreditLedger.Api.SpendLimits;

public sealed class PutSpendLimitRequestValidator : AbstractValidator<PutSpendLimitRequest>
{
    private static readonly string AmountRule = $"Must be null or a number from 0 to {Money.MaxAllowance} with at most 4 decimals.";

    public PutSpendLimitRequestValidator()
    {
        RuleFor(l => l.Actions).Must(BeACap).WithMessage(AmountRule);
        RuleFor(l => l.DataCredits).Must(BeACap).WithMessage(AmountRule);
        RuleFor(l => l).Must(l => l.Actions is not null || l.DataCredits is not null).OverridePropertyName("actions")
            .WithMessage("Give a cap for at least one currency (actions or dataCredits); delete the limit to lift it.");
    }

    private static bool BeACap(decimal? value) => value is null || (value >= 0 && value <= Money.MaxAllowance && Money.HasValidScale(value.Value));
}
