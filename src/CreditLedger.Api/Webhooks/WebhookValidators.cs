using CreditLedger.Api.Engine.Alerts;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Rules;
using FluentValidation;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Webhooks;

public sealed class CreateWebhookRequestValidator : AbstractValidator<CreateWebhookRequest>
{
    public CreateWebhookRequestValidator()
    {
        RuleFor(w => w.Url).NotBlank().MaximumLength(2000)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0)
            .WithMessage("Must be an absolute http(s) URL without credentials.");
        RuleFor(w => w.Events).NotEmpty().WithMessage("Subscribe to at least one event type.");
        RuleForEach(w => w.Events).Must(t => t is not null && EventTypes.All.Contains(t))
            .WithMessage("Must be one of: " + string.Join(", ", EventTypes.All) + ".");
        RuleFor(w => w.Events).Must(e => e is null || e.Distinct().Count() == e.Count).WithMessage("Name each event type once.");
        RuleFor(w => w.Description).MaximumLength(500);
    }
}

public sealed class AlertsRequestValidator : AbstractValidator<AlertsRequest>
{
    private static readonly string AmountRule = $"Must be null or a number from 0 to {Money.MaxAllowance} with at most 4 decimals.";

    public AlertsRequestValidator()
    {
        RuleFor(a => a.Actions!.LowBalance).Must(BeAThreshold).When(a => a.Actions is not null).OverridePropertyName("actions.lowBalance").WithMessage(AmountRule);
        RuleFor(a => a.DataCredits!.LowBalance).Must(BeAThreshold).When(a => a.DataCredits is not null)
            .OverridePropertyName("dataCredits.lowBalance").WithMessage(AmountRule);
        RuleFor(a => a.ExpiringWithinDays).InclusiveBetween(1, 90);
    }

    private static bool BeAThreshold(decimal? value) => value is null || (value >= 0 && value <= Money.MaxAllowance && Money.HasValidScale(value.Value));
}
