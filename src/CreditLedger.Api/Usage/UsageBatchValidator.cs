using System.Text.Json;
using FluentValidation;

namespace CreditLedger.Api.Usage;

/// <summary>The batch as a whole: 1 to 1000 events. Each event is then validated on its own, as its own result.</summary>
public sealed class UsageBatchValidator : AbstractValidator<UsageBatchRequest>
{
    public const int MaxBatchSize = 1000;

    public UsageBatchValidator() =>
        RuleFor(b => b.Events).NotNull().WithMessage($"Send between 1 and {MaxBatchSize} events.")
            .Must(events => events is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() is > 0 and <= MaxBatchSize)
            .WithMessage($"Send between 1 and {MaxBatchSize} events.");
}
