using System.Reflection;
using CreditLedger.Api.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure.OpenApi;

/// <summary>
/// Describes members marked <see cref="OpenApiShapeAttribute"/> by the type they carry on the wire, and says of every
/// nullable member that refers to another schema that it may be null (OpenAPI 3.1 puts no <c>nullable</c> beside a
/// <c>$ref</c>, so it becomes <c>oneOf: [$ref, null]</c>).
/// </summary>
internal sealed class ShapesFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { } properties } || context.Type.Assembly != typeof(ShapesFilter).Assembly)
        {
            return;
        }

        foreach (var member in context.Type.GetProperties())
        {
            var name = JsonSetup.Options.PropertyNamingPolicy!.ConvertName(member.Name);
            var shape = member.GetCustomAttribute<OpenApiShapeAttribute>();
            if (!properties.TryGetValue(name, out var described) || (shape is null && described is not OpenApiSchemaReference))
            {
                continue;
            }

            var shaped = shape is null ? described
                : shape.Type == typeof(ProblemDetails) ? ProblemSchema.Reference(context.SchemaRepository, null)
                : context.SchemaGenerator.GenerateSchema(shape.Type, context.SchemaRepository);
            var nullable = new NullabilityInfoContext().Create(member).ReadState == NullabilityState.Nullable;
            properties[name] = nullable
                ? new OpenApiSchema { Description = described.Description, OneOf = [shaped, new OpenApiSchema { Type = JsonSchemaType.Null }] }
                : shaped;
        }
    }
}
