using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Rules;
using FluentValidation;

namespace CreditLedger.Api.Estimates;

public sealed class EstimateRequestValidator : AbstractValidator<EstimateRequest>
{
    public const int MaxItems = 100;
    public const int MaxQuantity = 1_000_000;

    public EstimateRequestValidator()
    {
        RuleFor(r => r.Items).NotNull().WithMessage($"Required: 1 to {MaxItems} items.")
            .Must(i => i is null || i.Count is > 0 and <= MaxItems).WithMessage($"Send between 1 and {MaxItems} items.");
        RuleForEach(r => r.Items).NotNull().WithMessage("Must be an item object.").SetValidator(new EstimateItemValidator());
        RuleFor(r => r.ResourceId).Must(ResourceTree.IsValidId).When(r => r.ResourceId is not null).WithMessage(ResourceTree.IdRule);
    }
}

public sealed class EstimateItemValidator : AbstractValidator<EstimateItem>
{
    private static readonly string[] PlatformKinds = [.. UsageKinds.All.Where(k => k != UsageKinds.Enrichment)];

    public EstimateItemValidator()
    {
        RuleFor(i => i.Quantity).InclusiveBetween(1, EstimateRequestValidator.MaxQuantity);
        When(i => i.Kind is null, () =>
        {
            RuleFor(i => i.Integration).NotBlank().MaximumLength(64).WithMessage("Required: the integration of an enrichment (or give a kind).");
            RuleFor(i => i.Service).NotBlank().MaximumLength(64).WithMessage("Required: the service of an enrichment (or give a kind).");
        }).Otherwise(() =>
        {
            RuleFor(i => i.Kind).Must(PlatformKinds.Contains)
                .WithMessage("Must be one of: " + string.Join(", ", PlatformKinds) + " (name an enrichment by its integration and service).");
            RuleFor(i => i.Integration).Null().WithMessage("Only an enrichment names an integration; leave out kind.");
            RuleFor(i => i.Service).Null().WithMessage("Only an enrichment names a service; leave out kind.");
        });
    }
}
