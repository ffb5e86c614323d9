using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Rules;
using FluentValidation;

namespace CreditLedger.Api.Resources;

public sealed class PutResourceRequestValidator : AbstractValidator<PutResourceRequest>
{
    public PutResourceRequestValidator()
    {
        RuleFor(r => r.Kind).NotNull().Must(k => ResourceTree.TryParseKind(k, out _))
            .WithMessage("Must be one of: " + string.Join(", ", ResourceTree.KindNames) + ".");
        RuleFor(r => r.Name).NotBlank().MaximumLength(200);
        RuleFor(r => r.ParentId).Must(ResourceTree.IsValidId).When(r => r.ParentId is not null).WithMessage(ResourceTree.IdRule);
    }
}
