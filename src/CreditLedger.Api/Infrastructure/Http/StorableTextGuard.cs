using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Json;
namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>
/// Refuses a path or query value PostgreSQL could not store (see <see cref="StorableText"/>) before routing, as a
/// 400 naming the parameter; JSON bodies are checked by their converters and validators.
/// </summary>
internal sealed class StorableTextGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (FirstUnstorable(context.Request) is { } field)
        {
            await Problems.Validation(field, StorableText.Problem).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static string? FirstUnstorable(HttpRequest request)
    {
        if (!StorableText.IsStorable(request.Path.Value))
        {
            return "path";
        }

        foreach (var (name, values) in request.Query)
        {
            if (!StorableText.IsStorable(name))
            {
                return "query";
            }

            if (values.Any(v => !StorableText.IsStorable(v)))
            {
                return name;
            }
        }

        return null;
    }
}
