using CreditLedger.Api.Infrastructure.Http;
using FluentValidation;

namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>
/// Required text is checked with <c>NotBlank</c> instead of FluentValidation's <c>NotEmpty</c>, which allocates on every
/// check; a client must not see any difference: the same pass or fail, message, error code and property.
/// </summary>
public class NotBlankValidatorTests
{
    public sealed record Named(string? IdempotencyKey);

    private sealed class WithNotEmpty : AbstractValidator<Named>
    {
        public WithNotEmpty() => RuleFor(n => n.IdempotencyKey).NotEmpty();
    }

    private sealed class WithNotBlank : AbstractValidator<Named>
    {
        public WithNotBlank() => RuleFor(n => n.IdempotencyKey).NotBlank();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n\u00a0\u2003")]
    [InlineData("k")]
    [InlineData(" k ")]
    [InlineData("\u0000")]
    public void Required_text_fails_and_passes_exactly_as_NotEmpty_does(string? value)
    {
        var expected = new WithNotEmpty().Validate(new Named(value));
        var actual = new WithNotBlank().Validate(new Named(value));

        actual.IsValid.ShouldBe(expected.IsValid);
        actual.Errors.Select(e => (e.PropertyName, e.ErrorMessage, e.ErrorCode))
            .ShouldBe(expected.Errors.Select(e => (e.PropertyName, e.ErrorMessage, e.ErrorCode)));
    }

    [Fact]
    public void Blank_text_is_refused_with_the_message_clients_have_always_seen()
    {
        var failure = new WithNotBlank().Validate(new Named("  ")).Errors.ShouldHaveSingleItem();

        failure.ErrorMessage.ShouldBe("'Idempotency Key' must not be empty.");
    }
}
