using System.Reflection;
using System.Text.Json.Nodes;
using CreditLedger.Api.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure.OpenApi;

/// <summary>Puts each contract's <see cref="OpenApiExampleAttribute"/> into its schema, so Swagger UI's "Try it out" starts from a working body.</summary>
internal sealed class ExamplesFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema concrete && context.Type.GetCustomAttribute<OpenApiExampleAttribute>() is { } example)
        {
            concrete.Examples = [JsonNode.Parse(example.Json)!];
        }
    }
}
