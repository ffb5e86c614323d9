using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Rules;
using FluentValidation;

namespace CreditLedger.Api.Workspaces;

public sealed class PlanRequestValidator : AbstractValidator<PlanRequest>
{
    public PlanRequestValidator()
    {
        RuleFor(p => p.Name).NotBlank().MaximumLength(100);
        RuleFor(p => p.ActionsPerCycle).NotNull().Must(BeAnAmount).WithMessage($"Must be a number from 0 to {Money.MaxAllowance} with at most 4 decimals.");
        RuleFor(p => p.DataCreditsPerCycle).NotNull().Must(BeAnAmount).WithMessage($"Must be a number from 0 to {Money.MaxAllowance} with at most 4 decimals.");
        RuleFor(p => p.Rollover!.Actions).Must(BeAnAmount).When(p => p.Rollover is not null).OverridePropertyName("rollover.actions")
            .WithMessage($"Must be a number from 0 to {Money.MaxAllowance} with at most 4 decimals.");
        RuleFor(p => p.Rollover!.DataCredits).Must(BeAnAmount).When(p => p.Rollover is not null).OverridePropertyName("rollover.dataCredits")
            .WithMessage($"Must be a number from 0 to {Money.MaxAllowance} with at most 4 decimals.");
        RuleFor(p => p.UnitPrices!.Actions).Must(BeAPrice).When(p => p.UnitPrices is not null).OverridePropertyName("unitPrices.actions")
            .WithMessage(Money.UnitPriceRule);
        RuleFor(p => p.UnitPrices!.DataCredits).Must(BeAPrice).When(p => p.UnitPrices is not null).OverridePropertyName("unitPrices.dataCredits")
            .WithMessage(Money.UnitPriceRule);
    }

    private static bool BeAPrice(decimal? value) => value is null || Money.IsValidUnitPrice(value.Value);

    private static bool BeAnAmount(decimal? value) => value is null || (value >= 0 && value <= Money.MaxAllowance && Money.HasValidScale(value.Value));
}

public sealed class CreateWorkspaceRequestValidator : AbstractValidator<CreateWorkspaceRequest>
{
    public CreateWorkspaceRequestValidator(TimeProvider clock)
    {
        RuleFor(w => w.BillingAnchor).Must(a => a <= clock.GetUtcNow() && a >= clock.GetUtcNow().AddDays(-366)).When(w => w.BillingAnchor is not null)
            .WithMessage("Must be an instant in the last 366 days, not in the future.");
        RuleFor(w => w.Name).NotBlank().MaximumLength(200);
        RuleFor(w => w.PriceCurrency).Matches("^[A-Z]{3}$").When(w => w.PriceCurrency is not null)
            .WithMessage("Must be an ISO 4217 code: three capital letters such as USD or EUR.");
        RuleFor(w => w.Plan).NotNull().SetValidator(new PlanRequestValidator()!);
        RuleFor(w => w.TimeZone).Must(TimeZones.IsKnown!).When(w => w.TimeZone is not null)
            .WithMessage("Must be an IANA time zone such as 'UTC' or 'Europe/Berlin'.");
    }
}

public sealed class CreateApiKeyRequestValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyRequestValidator()
    {
        RuleFor(k => k.Name).NotBlank().MaximumLength(100);
        RuleFor(k => k.Scopes).Must(s => s is null || (s.Count > 0 && s.All(Infrastructure.Http.Scopes.All.Contains)))
            .WithMessage("Give at least one of: " + string.Join(", ", Infrastructure.Http.Scopes.All) + " (or leave scopes out for all three).");
    }
}

public sealed class CreateUserRequestValidator : AbstractValidator<CreateUserRequest>
{
    public CreateUserRequestValidator()
    {
        RuleFor(u => u.Email).NotBlank().MaximumLength(254).EmailAddress();
        RuleFor(u => u.Name).NotBlank().MaximumLength(200);
    }
}
