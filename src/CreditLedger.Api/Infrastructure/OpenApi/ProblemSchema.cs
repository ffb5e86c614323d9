using System.Text.Json.Nodes;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Rules;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure.OpenApi;

/// <summary>
/// The contract's problem body as one schema, <c>Problem</c>: the five fields every problem carries, and the ones only
/// some carry (<c>errors</c> on 400, <c>currency</c>/<c>required</c>/<c>available</c>/<c>limit</c> on 402). Framework
/// <c>ProblemDetails</c> would describe every field as optional and nullable, which is not what a client receives.
/// </summary>
internal static class ProblemSchema
{
    public const string Id = "Problem";

    private const string TraceId = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    public static IOpenApiSchema Reference(SchemaRepository repository, OpenApiDocument? document)
    {
        if (!repository.Schemas.ContainsKey(Id))
        {
            repository.AddDefinition(Id, Build());
        }

        return new OpenApiSchemaReference(Id, document);
    }

    /// <summary>A body this status answers, as the service writes it.</summary>
    public static JsonNode Example(int status, string type, string title, string detail, string field)
    {
        var example = new JsonObject { ["type"] = type, ["title"] = title, ["status"] = status, ["detail"] = detail, ["traceId"] = TraceId };
        if (status == 400)
        {
            example["errors"] = new JsonObject { [field] = new JsonArray($"'{field}' is not valid.") };
        }
        else if (status == 402)
        {
            example["currency"] = "data_credits";
            example["required"] = 2;
            example["available"] = 0.5m;
        }

        return example;
    }

    private static OpenApiSchema Build() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem (application/problem+json). `type` ends with the contract's name for the error.",
        Required = new SortedSet<string>(StringComparer.Ordinal) { "detail", "status", "title", "traceId", "type" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI ending with the error's name: validation, unauthorized, forbidden, not-found, conflict, " +
                            "idempotency-conflict, insufficient-credits, spend-limit-reached, rate-limited, payload-too-large, …"),
            ["title"] = Text("A short summary of the error type."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = Text("What went wrong with this request, in words."),
            ["traceId"] = Text("The request's trace id; quote it to support."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Validation problems only: each invalid field (camelCase, `events[3].quantity` in a batch) with its messages.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text(null) },
            },
            ["currency"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String, Enum = [JsonValue.Create(CurrencyNames.Actions)!, JsonValue.Create(CurrencyNames.DataCredits)!],
                Description = "402 only: the currency that is short.",
            },
            ["required"] = Amount("402 only: what the operation needs in `currency`."),
            ["available"] = Amount("402 only: what the workspace (or the limit) has left in `currency`."),
            ["limit"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "`spend-limit-reached` only: the spend limit that refused, as its route names it.",
                Required = new SortedSet<string>(StringComparer.Ordinal) { "scope", "scopeId" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["scope"] = Text("user, api_key, resource or workbook_default."),
                    ["scopeId"] = Text("The id of the user, key or resource."),
                },
            },
        },
    };

    private static OpenApiSchema Text(string? description) =>
        new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Amount(string description) =>
        new() { Type = JsonSchemaType.Number, Format = "decimal", Description = description };
}
