using System.Reflection;
using System.Text.Json.Nodes;
using CreditLedger.Api.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure.OpenApi;

/// <summary>
/// Puts each contract's <see cref="OpenApiExampleAttribute"/> into its schema, so Swagger UI's "Try it out" starts from a
/// working body; a page (<c>{items, nextCursor}</c>) of a type with an example shows a last page of that example.
/// </summary>
internal sealed class ExamplesFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema concrete && Example(context.Type) is { } example)
        {
            concrete.Examples = [example];
        }
    }

    private static JsonNode? Example(Type type)
    {
        if (type.GetCustomAttribute<OpenApiExampleAttribute>() is { } declared)
        {
            return JsonNode.Parse(declared.Json);
        }

        var items = type.GetProperty("Items")?.PropertyType;
        var item = items is { IsGenericType: true } ? items.GetGenericArguments()[0] : null;
        return type.GetProperty("NextCursor") is not null && item?.GetCustomAttribute<OpenApiExampleAttribute>() is { } one
            ? new JsonObject { ["items"] = new JsonArray(JsonNode.Parse(one.Json)), ["nextCursor"] = null }
            : null;
    }
}
