using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using CreditLedger.Api.Infrastructure.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure.OpenApi;

/// <summary>
/// Query parameters are bound as text so that a bad value gets the service's own 400 naming it; this says what they
/// are on the wire (a whole number, an instant, one of a few words), so generated clients type them.
/// </summary>
internal sealed class QueryParametersFilter : IParameterFilter, IOperationFilter
{
    private static readonly Dictionary<string, Func<OpenApiSchema>> Shapes = new(StringComparer.Ordinal)
    {
        ["limit"] = () => new OpenApiSchema
        {
            Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = Paging.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Default = JsonValue.Create(Paging.DefaultLimit),
        },
        ["from"] = Instant,
        ["to"] = Instant,
        ["timeRange[startTime]"] = Instant,
        ["timeRange[endTime]"] = Instant,
        ["granularity"] = () => Words(EnumValuesFilter.Values["granularity"]),
        ["format"] = () => Words("json", "csv"),
        ["full"] = () => new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = JsonValue.Create(false) },
    };

    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (parameter is not OpenApiParameter { In: ParameterLocation.Query } query)
        {
            return;
        }

        if (Shapes.TryGetValue(query.Name ?? "", out var shape))
        {
            query.Schema = shape();
        }

        // [Required] on a text-bound parameter: the service refuses its absence (with its own 400), so say it is required.
        query.Required |= context.ParameterInfo?.GetCustomAttribute<RequiredAttribute>() is not null
            || context.PropertyInfo?.GetCustomAttribute<RequiredAttribute>() is not null;
    }

    /// <summary>
    /// Indexed lists (<see cref="IndexedQueryAttribute"/>) as deepObject parameters, an object whose keys are 0, 1, …: what
    /// generators serialise as <c>ownerIds[0]=…&amp;ownerIds[1]=…</c>.
    /// </summary>
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var indexed in context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IndexedQueryAttribute>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = indexed.Name,
                In = ParameterLocation.Query,
                Style = ParameterStyle.DeepObject,
                Explode = true,
                Description = $"Indexed list: `{indexed.Name}[0]=…&{indexed.Name}[1]=…`; each item is {indexed.ItemDescription}.",
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]+$" },
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String, Format = indexed.ItemFormat },
                },
            });
        }
    }

    private static OpenApiSchema Instant() => new() { Type = JsonSchemaType.String, Format = "date-time" };

    private static OpenApiSchema Words(params string[] words) =>
        new() { Type = JsonSchemaType.String, Enum = [.. words.Select(w => (JsonNode)JsonValue.Create(w))] };
}
