using FluentValidation;
using FluentValidation.Validators;

namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>
/// FluentValidation's <c>NotEmpty</c> for text: the same rule (null, empty or only white space fails), message and error
/// code, and still an <see cref="INotEmptyValidator"/>, so the OpenAPI document marks the field required. NotEmpty checks a
/// string as a collection too, boxing an enumerator of its characters on every check; validation runs for every event.
/// </summary>
public sealed class NotBlankValidator<T> : PropertyValidator<T, string?>, INotEmptyValidator
{
    public override string Name => "NotEmptyValidator";

    public override bool IsValid(ValidationContext<T> context, string? value) => !string.IsNullOrWhiteSpace(value);

    protected override string GetDefaultMessageTemplate(string errorCode) => Localized(errorCode, Name);
}

public static class NotBlankExtensions
{
    /// <summary>Text that is present and not only white space (<see cref="NotBlankValidator{T}"/>).</summary>
    public static IRuleBuilderOptions<T, string?> NotBlank<T>(this IRuleBuilder<T, string?> rule) => rule.SetValidator(new NotBlankValidator<T>());
}
