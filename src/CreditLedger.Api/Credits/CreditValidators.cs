using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using FluentValidation;

namespace CreditLedger.Api.Credits;

public sealed class VoidGrantRequestValidator : AbstractValidator<VoidGrantRequest>
{
    public VoidGrantRequestValidator() => RuleFor(v => v.Reason).NotEmpty().MaximumLength(500);
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
        RuleFor(g => g.IdempotencyKey).NotEmpty().MaximumLength(128);
        RuleFor(g => g.UnitPrice).Must(p => p is null || Money.IsValidUnitPrice(p.Value)).WithMessage(Money.UnitPriceRule);
    }
}
