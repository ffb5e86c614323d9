using System.Text.Json;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Rules;
using FluentValidation;

namespace CreditLedger.Api.Usage;

public sealed class UsageRequestValidator : AbstractValidator<UsageRequest>
{
    public const int MaxMetadataBytes = 4096;

    private static bool IsEnrichment(UsageRequest usage) => usage.Kind == UsageKinds.Enrichment;

    public UsageRequestValidator(TimeProvider clock)
    {
        RuleFor(u => u.IdempotencyKey).NotBlank().MaximumLength(128);
        RuleFor(u => u.Kind).NotNull().Must(UsageKinds.IsKnown)
            .WithMessage("Must be one of: " + string.Join(", ", UsageKinds.All) + ".");
        RuleFor(u => u.Outcome).Must(o => OutcomeNames.TryParse(o, out _)).When(u => u.Outcome is not null)
            .WithMessage("Must be 'success', 'not_found' or 'failed'.");
        RuleFor(u => u.Quantity).InclusiveBetween(1, 10_000);
        RuleFor(u => u.ResourceId).Must(ResourceTree.IsValidId).When(u => u.ResourceId is not null)
            .WithMessage(ResourceTree.IdRule);
        RuleFor(u => u.OccurredAt)
            .Must(t => t is null || t <= clock.GetUtcNow().AddMinutes(5)).WithMessage("Must be at most 5 minutes in the future.")
            .Must(t => t is null || t >= clock.GetUtcNow().AddDays(-35)).WithMessage("Must be at most 35 days in the past.");
        RuleFor(u => u.Metadata)
            .Must(m => m is null || m.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null).WithMessage("Must be a JSON object.")
            .Must(m => m is null || System.Text.Encoding.UTF8.GetByteCount(m.Value.GetRawText()) <= MaxMetadataBytes)
            .WithMessage($"Must be at most {MaxMetadataBytes} bytes.");
        RuleFor(u => u.Metadata).Custom((metadata, context) =>
        {
            // Named down to the offending key, as the client sent it (metadata.note, metadata.rows[2]).
            if (metadata is { } m && StorableText.FirstUnstorable(m, "metadata") is { } path)
            {
                context.AddFailure(path, StorableText.Problem);
            }
        });
        // A condition per rule, not a shared When/Otherwise block: FluentValidation caches a shared condition's result
        // in a dictionary per validation, and every batch item is one validation.
        RuleFor(u => u.Integration).NotBlank().WithMessage("Required for enrichment usage.").When(IsEnrichment);
        RuleFor(u => u.Service).NotBlank().WithMessage("Required for enrichment usage.").When(IsEnrichment);
        RuleFor(u => u.Outcome).NotNull().WithMessage("Required for enrichment usage.").When(IsEnrichment);
        RuleFor(u => u.Integration).Null().WithMessage("Only enrichment usage names an integration.").Unless(IsEnrichment);
        RuleFor(u => u.Service).Null().WithMessage("Only enrichment usage names a service.").Unless(IsEnrichment);
    }
}
