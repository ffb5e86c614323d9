using System.Text.Json.Nodes;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using CreditLedger.Api.Infrastructure.Http;

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
        Add(operation, context, "401", ProblemTypes.Unauthorized, "No API key, or an unknown or revoked one.");
        Add(operation, context, "429", ProblemTypes.RateLimited, "Too many requests for this key; see Retry-After.");
        Add(operation, context, "503", ProblemTypes.Unavailable, "The ledger database is unavailable; retry (see Retry-After).");
        if (adminOnly)
        {
            Add(operation, context, "403", ProblemTypes.Forbidden, "A workspace key on an admin-only route.");
            operation.Description = "Admin only. " + operation.Description;
        }

        if (route.Contains("{workspaceId", StringComparison.Ordinal) || route.Contains('{', StringComparison.Ordinal))
        {
            Add(operation, context, "404", ProblemTypes.NotFound, "No such resource, or another workspace's (existence is not revealed).");
        }

        if (hasInput)
        {
            Add(operation, context, "400", ProblemTypes.Validation, "Invalid input; `errors` names each field. Nothing is changed.");
        }

        if (context.ApiDescription.HttpMethod is "POST" or "PUT")
        {
            Add(operation, context, "413", ProblemTypes.PayloadTooLarge, "The body is over the size limit (1 MiB by default).");
        }
    }

    private static void Add(OpenApiOperation operation, OperationFilterContext context, string status, string type, string description)
    {
        operation.Responses ??= [];
        if (operation.Responses.TryGetValue(status, out var existing) && existing is OpenApiResponse known)
        {
            known.Description = $"Problem `{type}`: {description}";
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = $"Problem `{type}`: {description}",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) },
            },
        };
    }
}

/// <summary>Lists the allowed values of the contract's enum fields, which the API carries as strings.</summary>
internal sealed class EnumValuesFilter : ISchemaFilter
{
    private static readonly Dictionary<string, string[]> Values = new(StringComparer.Ordinal)
    {
        ["kind"] = [.. UsageKinds.All],
        ["outcome"] = [OutcomeNames.Success, OutcomeNames.NotFound, OutcomeNames.Failed],
        ["currency"] = [CurrencyNames.Actions, CurrencyNames.DataCredits],
        ["chargePolicy"] = [ChargePolicyNames.OnSuccess, ChargePolicyNames.PerAttempt],
        ["granularity"] = ["hour", "day", "week", "month"],
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { } properties })
        {
            return;
        }

        foreach (var (name, property) in properties)
        {
            if (Values.TryGetValue(name, out var values) && property is OpenApiSchema concrete)
            {
                concrete.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
            }
        }
    }
}
