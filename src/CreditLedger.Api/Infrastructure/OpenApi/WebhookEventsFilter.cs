using System.Text.Json.Nodes;
using CreditLedger.Api.Outbox;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure.OpenApi;

/// <summary>
/// Publishes every webhook event's body as a schema (<c>BalanceLowEvent</c>, <c>TopUpRequestedEvent</c>, …): the
/// envelope <c>{id, type, workspaceId, createdAt, data}</c> with <c>type</c> fixed and <c>data</c> the type's record, so a
/// receiver can generate its types too; and lists each under the document's <c>webhooks</c> as the POST a receiver gets.
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
            document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
            document.Webhooks[type] = Delivery(type, document);
        }
    }

    private static OpenApiPathItem Delivery(string type, OpenApiDocument document) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Post] = new()
            {
                OperationId = "receive" + SchemaName(type)[..^"Event".Length] + "Event",
                Summary = $"A `{type}` event delivered to your endpoint.",
                Description = "Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); verify before trusting the body. " +
                              "Any 2xx acknowledges; anything else is retried with backoff.",
                Tags = new HashSet<OpenApiTagReference> { new("Webhooks and alerts", document) },
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, IOpenApiMediaType>
                    {
                        ["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(SchemaName(type), document) },
                    },
                },
                Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "Acknowledged; any 2xx will do." } },
            },
        },
    };

    /// <summary>top_up.requested becomes TopUpRequestedEvent.</summary>
    public static string SchemaName(string type) =>
        string.Concat(type.Split('.', '_').Select(part => char.ToUpperInvariant(part[0]) + part[1..])) + "Event";
}
