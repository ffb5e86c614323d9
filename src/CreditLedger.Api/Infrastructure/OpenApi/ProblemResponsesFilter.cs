using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure.OpenApi;

/// <summary>
/// Documents on every operation the problem responses it can give, each naming its contract <c>type</c>, so
/// Swagger UI shows what a client must handle; admin-only routes say so.
/// </summary>
internal sealed class ProblemResponsesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var route = context.ApiDescription.RelativePath ?? string.Empty;
        var adminOnly = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<AdminOnlyAttribute>().Any();
        var hasInput = context.ApiDescription.ParameterDescriptions.Count > 0;
        Add(operation, context, 401, ProblemTypes.Unauthorized, "Unauthorized", "No API key, or an unknown or revoked one.");
        Add(operation, context, 429, ProblemTypes.RateLimited, "Rate limited", "Too many requests for this key; see Retry-After.");
        Add(operation, context, 503, ProblemTypes.Unavailable, "Service unavailable", "The ledger database is unavailable; retry (see Retry-After).");
        if (adminOnly)
        {
            Add(operation, context, 403, ProblemTypes.Forbidden, "Forbidden", "A workspace key on an admin-only route.");
            operation.Description = "Admin only. " + operation.Description;
        }

        if (route.Contains('{', StringComparison.Ordinal))
        {
            Add(operation, context, 404, ProblemTypes.NotFound, "Not found", "No such resource, or another workspace's (existence is not revealed).");
        }

        if (hasInput)
        {
            Add(operation, context, 400, ProblemTypes.Validation, ProblemSpec.ValidationTitle, "Invalid input; `errors` names each field. Nothing is changed.");
        }

        if (context.ApiDescription.HttpMethod is "POST" or "PUT")
        {
            Add(operation, context, 413, ProblemTypes.PayloadTooLarge, "Payload too large", "The body is over the size limit (1 MiB by default).");
        }

        // Declared by the endpoint itself (ProducesProblem): typed here like the others.
        Add(operation, context, 402, ProblemTypes.InsufficientCredits, "Insufficient credits",
            "Not enough credits (or `spend-limit-reached`: a spend limit would be passed); `currency`, `required` and `available` say by how much. Nothing is recorded.", onlyIfDeclared: true);
        Add(operation, context, 409, ProblemTypes.Conflict, "Conflict",
            "The request conflicts with the current state (or `idempotency-conflict`: the key was used with another body). Nothing is changed.", onlyIfDeclared: true);
    }

    private static void Add(OpenApiOperation operation, OperationFilterContext context, int status, string type, string title, string description,
        bool onlyIfDeclared = false)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var declared = operation.Responses.ContainsKey(key);
        if (onlyIfDeclared && !declared)
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = $"Problem `{type[(type.LastIndexOf('/') + 1)..]}`: {description}",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType
                {
                    Schema = ProblemSchema.Reference(context.SchemaRepository, context.Document),
                    Example = ProblemSchema.Example(status, type, title, description.Split(';')[0].Split(" (")[0], ExampleField(context)),
                },
            },
        };
    }

    /// <summary>A field this operation really takes, for its 400 example: the body's first member, else its first parameter.</summary>
    private static string ExampleField(OperationFilterContext context)
    {
        var parameters = context.ApiDescription.ParameterDescriptions;
        var name = parameters.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type.GetProperties().FirstOrDefault()?.Name
                   ?? parameters.FirstOrDefault(p => p.Source == BindingSource.Query)?.Name
                   ?? parameters.FirstOrDefault()?.Name
                   ?? "field";
        return JsonSetup.Options.PropertyNamingPolicy!.ConvertName(name);
    }
}
