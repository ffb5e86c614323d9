using FluentValidation;
using FluentValidation.Results;

namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>
/// Validates the items of one batch one after another, each as its own validation with its own failures. FluentValidation
/// gives every validation a new context with its own failure list and message formatter (about 0.3 KB, most of it the
/// formatter's dictionary, used only to word a failure); here each item's context is a child of one context for the
/// whole batch (<see cref="ValidationContext{T}.CloneForChildValidator{TChild}"/>), so items share those two. Failures
/// gather in the shared list: an item's own are those added while it was validated. One instance per batch, on one
/// thread (the rules are synchronous).
/// </summary>
public sealed class ItemValidator<T>(IValidator<T> validator)
    where T : class
{
    private readonly ValidationContext<T> batch = new(null!);
    private int failuresSoFar;

    /// <summary>Null when <paramref name="item"/> is valid; else its failures, named as a validation of it alone names them.</summary>
    public ValidationResult? Failures(T item)
    {
        var failures = validator.Validate(batch.CloneForChildValidator(item)).Errors; // every item's so far
        if (failures.Count == failuresSoFar)
        {
            return null;
        }

        var own = failures.GetRange(failuresSoFar, failures.Count - failuresSoFar);
        failuresSoFar = failures.Count;
        return new ValidationResult(own);
    }
}
