using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Rules;
using FluentValidation;

namespace CreditLedger.Api.Enrichments;

public sealed class ReserveRequestValidator : AbstractValidator<ReserveRequest>
{
    public ReserveRequestValidator()
    {
        RuleFor(r => r.IdempotencyKey).NotBlank().MaximumLength(128);
        RuleFor(r => r.Integration).NotBlank().MaximumLength(64);
        RuleFor(r => r.Service).NotBlank().MaximumLength(64);
        RuleFor(r => r.Quantity).InclusiveBetween(1, 10_000);
        RuleFor(r => r.ResourceId).Must(ResourceTree.IsValidId).When(r => r.ResourceId is not null).WithMessage(ResourceTree.IdRule);
    }
}

public sealed class CompleteRequestValidator : AbstractValidator<CompleteRequest>
{
    public CompleteRequestValidator() =>
        RuleFor(r => r.Outcome).NotNull().Must(o => OutcomeNames.TryParse(o, out _)).WithMessage("Must be 'success', 'not_found' or 'failed'.");
}
