using System.Text.Json.Nodes;
using CreditLedger.Api.Outbox;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure.OpenApi;

/// <summary>
/// Publishes every webhook event's body as a schema (<c>BalanceLowEvent</c>, <c>TopUpRequestedEvent</c>, …): the
/// envelope <c>{id, type, workspaceId, createdAt, data}</c> with <c>type</c> fixed and <c>data</c> the type's record, so a
/// receiver can generate its types too. OpenAPI 3.0 has no <c>webhooks</c> section; the schemas sit under components.
/// </summary>
internal sealed class WebhookEventsFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        foreach (var (type, dataType) in EventPayloads.DataTypes)
        {
            var data = context.SchemaGenerator.GenerateSchema(dataType, context.SchemaRepository);
            context.SchemaRepository.Schemas[SchemaName(type)] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = $"The body of a `{type}` webhook delivery (docs/api.md, Webhooks and alerts).",
                Required = new HashSet<string> { "id", "type", "workspaceId", "createdAt", "data" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", Description = "The event id, also the webhook-id header; dedupe on it." },
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(type)!] },
                    ["workspaceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                    ["createdAt"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                    ["data"] = data,
                },
                AdditionalPropertiesAllowed = false,
            };
        }
    }

    /// <summary>top_up.requested becomes TopUpRequestedEvent.</summary>
    public static string SchemaName(string type) =>
        string.Concat(type.Split('.', '_').Select(part => char.ToUpperInvariant(part[0]) + part[1..])) + "Event";
}
