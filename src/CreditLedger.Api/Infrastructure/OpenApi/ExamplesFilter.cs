using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure;

/// <summary>A realistic JSON example of a request or response contract, declared on the contract itself.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OpenApiExampleAttribute(string json) : Attribute
{
    public string Json { get; } = json;
}

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
