using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Rules;
using FluentValidation;

namespace CreditLedger.Api.Integrations;

public sealed class PutIntegrationRequestValidator : AbstractValidator<PutIntegrationRequest>
{
    public PutIntegrationRequestValidator()
    {
        RuleFor(r => r.Name).NotBlank().MaximumLength(100);
        RuleFor(r => r.Services).NotEmpty()
            .Must(s => s is null || s.Select(x => x.Key).Distinct().Count() == s.Count).WithMessage("Service keys must be unique.")
            .Must(s => s is null || s.Count <= 100).WithMessage("At most 100 services.");
        RuleForEach(r => r.Services).ChildRules(service =>
        {
            service.RuleFor(s => s.Key).NotBlank().MaximumLength(64).Must(IntegrationKeys.IsValid!)
                .WithMessage("Use lowercase letters, digits and underscores.");
            service.RuleFor(s => s.Name).NotBlank().MaximumLength(100);
            service.RuleFor(s => s.DataCredits).NotNull().Must(BePrice).WithMessage("Must be a number from 0 with at most 4 decimals.");
            service.RuleFor(s => s.Actions).NotNull().Must(BePrice).WithMessage("Must be a number from 0 with at most 4 decimals.");
            service.RuleFor(s => s.ChargePolicy).NotNull().Must(p => ChargePolicyNames.TryParse(p, out _))
                .WithMessage("Must be 'on_success' or 'per_attempt'.");
        });
    }

    private static bool BePrice(decimal? value) => value is null || (value >= 0 && value <= 1_000_000 && Money.HasValidScale(value.Value));
}

public sealed class OwnApiKeyRequestValidator : AbstractValidator<OwnApiKeyRequest>
{
    public OwnApiKeyRequestValidator() => RuleFor(r => r.OwnApiKey).NotNull();
}

public static class IntegrationKeys
{
    public static bool IsValid(string key) =>
        key.Length is > 0 and <= 64 && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
