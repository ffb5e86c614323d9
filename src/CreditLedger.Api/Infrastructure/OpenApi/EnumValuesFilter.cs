using System.Text.Json.Nodes;
using CreditLedger.Rules;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure.OpenApi;

/// <summary>Lists the allowed values of the contract's enum fields, which the API carries as strings.</summary>
internal sealed class EnumValuesFilter : ISchemaFilter
{
    /// <summary>The allowed values by field name; query parameters of the same name list the same ones.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Values = new Dictionary<string, string[]>(StringComparer.Ordinal)
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
            // A resource's kind is its place in the tree (folder, workbook, table), not a usage kind.
            var values = name == "kind" && context.Type.Name.Contains("Resource", StringComparison.Ordinal)
                ? ResourceTree.KindNames
                : Values.GetValueOrDefault(name);
            if (values is not null && property is OpenApiSchema concrete)
            {
                concrete.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
            }
        }
    }
}
