using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.TopUps;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Rules;
using FluentValidation;

namespace CreditLedger.Api.Credits;

public sealed class VoidGrantRequestValidator : AbstractValidator<VoidGrantRequest>
{
    public VoidGrantRequestValidator() => RuleFor(v => v.Reason).NotBlank().MaximumLength(500);
}

public sealed class CreateGrantRequestValidator : AbstractValidator<CreateGrantRequest>
{
    public CreateGrantRequestValidator(TimeProvider clock)
    {
        RuleFor(g => g.Currency).NotNull().Must(c => CurrencyNames.TryParse(c, out _)).WithMessage("Must be 'actions' or 'data_credits'.");
        RuleFor(g => g.Amount).NotNull().GreaterThan(0).LessThanOrEqualTo(Money.MaxPurchasedBalance)
            .Must(a => a is null || Money.HasValidScale(a.Value)).WithMessage("At most 4 decimal places.");
        RuleFor(g => g.Source).NotNull().Must(s => s is GrantSources.Purchase or GrantSources.Promotion or GrantSources.Adjustment)
            .WithMessage("Must be 'purchase', 'promotion' or 'adjustment'.");
        RuleFor(g => g.ExpiresAt).Must(e => e is null || e > clock.GetUtcNow()).WithMessage("Must be in the future.");
        RuleFor(g => g.IdempotencyKey).NotBlank().MaximumLength(128);
        RuleFor(g => g.UnitPrice).Must(p => p is null || Money.IsValidUnitPrice(p.Value)).WithMessage(Money.UnitPriceRule);
    }
}

public sealed class AutoTopUpRequestValidator : AbstractValidator<AutoTopUpRequest>
{
    public AutoTopUpRequestValidator()
    {
        RuleFor(r => r.Actions!).SetValidator(new AutoTopUpRuleRequestValidator()).When(r => r.Actions is not null);
        RuleFor(r => r.DataCredits!).SetValidator(new AutoTopUpRuleRequestValidator()).When(r => r.DataCredits is not null);
    }
}

public sealed class AutoTopUpRuleRequestValidator : AbstractValidator<AutoTopUpRuleRequest>
{
    private static readonly string AmountRule = $"Must be a number above 0 and at most {Money.MaxPurchasedBalance}, with at most 4 decimals.";

    public AutoTopUpRuleRequestValidator()
    {
        RuleFor(r => r.Below).NotNull().Must(BeAnAmount).WithMessage(AmountRule);
        RuleFor(r => r.Amount).NotNull().Must(BeAnAmount).WithMessage(AmountRule);
        RuleFor(r => r.Mode).NotNull().Must(TopUpModes.IsValid).WithMessage("Must be 'grant' or 'request'.");
        RuleFor(r => r.UnitPrice).Must(p => p is null || Money.IsValidUnitPrice(p.Value)).WithMessage(Money.UnitPriceRule);
        RuleFor(r => r.MaxPerCycle).InclusiveBetween(1, 100);
    }

    private static bool BeAnAmount(decimal? value) => value is null || (value > 0 && value <= Money.MaxPurchasedBalance && Money.HasValidScale(value.Value));
}
