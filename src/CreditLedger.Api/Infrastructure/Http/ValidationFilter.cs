using CreditLedger.Api.Infrastructure.Errors;
using FluentValidation;

namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>The one place requests are validated: runs the FluentValidation validator of the argument of type T.</summary>
internal sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (Argument(context) is not { } argument)
        {
            return await next(context);
        }

        var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
        if (result.IsValid)
        {
            return await next(context);
        }

        return Problems.Validation(ValidationErrors.From(result));
    }

    /// <summary>The first argument of type T, found without an enumerator (this runs on every request).</summary>
    private static T? Argument(EndpointFilterInvocationContext context)
    {
        var arguments = context.Arguments; // an IList: a foreach over it would allocate its enumerator
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] is T found)
            {
                return found;
            }
        }

        return default;
    }
}

public static class ValidationErrors
{
    /// <summary>FluentValidation failures keyed by the JSON field names the client sent.</summary>
    public static Dictionary<string, string[]> From(FluentValidation.Results.ValidationResult result) =>
        result.Errors
            .GroupBy(e => FieldName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());

    /// <summary>"Plan.ActionsPerCycle" → "plan.actionsPerCycle", matching the JSON the client sent.</summary>
    public static string FieldName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(s => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..]));
}

public static class ValidationExtensions
{
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}
