using System.Reflection;
using System.Text.Json.Serialization;
using CreditLedger.Api.Json;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure.OpenApi;

/// <summary>
/// Says in each schema which fields a client must send and which it can rely on receiving, from the rules the service
/// applies rather than from a second list that could drift:
/// <list type="bullet">
/// <item>an answer always carries every field (nulls are written, never left out, unless a member says otherwise), so every
/// field of the service's own types is required; whether it may be null follows its declared type;</item>
/// <item>a schema a request body reaches (found in the finished document, so a new request type cannot be missed) requires
/// the fields its validator refuses to miss unconditionally (<c>NotNull</c>/<c>NotEmpty</c> without <c>When</c>), and
/// those are not nullable; a part without a validator of its own requires nothing.</item>
/// </list>
/// </summary>
internal sealed class RequiredFieldsFilter(IServiceProvider services) : ISchemaFilter, IDocumentFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        // Only the service's own types: a framework type (ProblemDetails) leaves out what is null.
        if (schema is OpenApiSchema { Properties.Count: > 0 } concrete && context.Type.IsClass && context.Type.Assembly == typeof(RequiredFieldsFilter).Assembly)
        {
            var omittedWhenNull = context.Type.GetProperties()
                .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: not JsonIgnoreCondition.Never })
                .Select(p => CamelCase(p.Name)).ToHashSet();
            concrete.Required = new SortedSet<string>(concrete.Properties.Keys.Where(k => !omittedWhenNull.Contains(k)), StringComparer.Ordinal);
        }
    }

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = context.SchemaRepository.Schemas;
        var requestParts = new HashSet<string>();
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var content in operation.RequestBody?.Content?.Values ?? [])
            {
                Reach(content.Schema, schemas, requestParts);
            }
        }

        var types = typeof(RequiredFieldsFilter).Assembly.GetTypes().GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First());
        foreach (var id in requestParts)
        {
            if (schemas[id] is not OpenApiSchema { Properties.Count: > 0 } schema)
            {
                continue;
            }

            var required = types.TryGetValue(id, out var type)
                && services.GetService(typeof(IValidator<>).MakeGenericType(type)) is IValidator validator
                ? RequiredByRules(validator.CreateDescriptor()) : [];
            schema.Required = new SortedSet<string>(schema.Properties.Keys.Where(required.Contains), StringComparer.Ordinal);
            foreach (var name in schema.Required)
            {
                if (schema.Properties[name] is OpenApiSchema { OneOf: [var referred, OpenApiSchema { Type: JsonSchemaType.Null }] })
                {
                    schema.Properties[name] = referred; // a required part is never null
                }
                else if (schema.Properties[name] is OpenApiSchema { Type: not null } property)
                {
                    property.Type &= ~JsonSchemaType.Null;
                }
            }
        }
    }

    /// <summary>Every component schema a schema refers to, directly or through its properties, items and compositions.</summary>
    private static void Reach(IOpenApiSchema? schema, IDictionary<string, IOpenApiSchema> schemas, HashSet<string> reached)
    {
        if (schema is OpenApiSchemaReference { Reference.Id: { } id })
        {
            if (reached.Add(id) && schemas.TryGetValue(id, out var target))
            {
                Reach(target, schemas, reached);
            }

            return;
        }

        if (schema is null)
        {
            return;
        }

        foreach (var child in (schema.Properties?.Values ?? []).Append(schema.Items).Append(schema.AdditionalProperties)
                     .Concat(schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? []))
        {
            Reach(child, schemas, reached);
        }
    }

    /// <summary>The camelCase names of members whose rules refuse null or empty with no condition.</summary>
    private static HashSet<string> RequiredByRules(IValidatorDescriptor descriptor) =>
        [.. descriptor.GetMembersWithValidators()
            .Where(member => descriptor.GetRulesForMember(member.Key).Any(rule => !rule.HasCondition && !rule.HasAsyncCondition
                && rule.Components.Any(c => c.Validator is INotNullValidator or INotEmptyValidator && !c.HasCondition && !c.HasAsyncCondition)))
            .Select(member => CamelCase(member.Key))];

    /// <summary>A member's name as the serializer writes it (the same policy every contract is written with).</summary>
    private static string CamelCase(string name) => JsonSetup.Options.PropertyNamingPolicy!.ConvertName(name);
}
