using CreditLedger.Api.Json;
using Microsoft.OpenApi;

namespace CreditLedger.Api.Infrastructure.OpenApi;

public static class SwaggerSetup
{
    public static IServiceCollection AddLedgerSwagger(this IServiceCollection services) =>
        services.AddEndpointsApiExplorer().AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CreditLedger API",
                Version = "v1",
                Description = "Credit metering for data-enrichment platforms: an append-only ledger of Actions and Data Credits, " +
                              "charged only for successful work, with usage reports over time ranges.",
            });
            options.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The admin key or a workspace API key (also accepted as the X-Api-Key header).",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("Bearer", document)] = [],
            });
            // Amounts are exact decimals (numeric in the database, decimal in the service), never doubles: generators that
            // know format "decimal" map them to a decimal type, the others keep a JSON number.
            options.MapType<decimal>(() => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" });
            options.MapType<decimal?>(() => new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.Null, Format = "decimal" });
            options.CustomSchemaIds(SchemaId);
            options.OperationFilter<ProblemResponsesFilter>();
            options.DocumentFilter<WebhookEventsFilter>();
            options.DocumentFilter<DocumentShapeFilter>();
            options.SchemaFilter<EnumValuesFilter>();
            options.SchemaFilter<ExamplesFilter>();
            options.SchemaFilter<ShapesFilter>();
            options.ParameterFilter<QueryParametersFilter>();
            options.OperationFilter<QueryParametersFilter>();
            options.SchemaFilter<RequiredFieldsFilter>();
            options.SupportNonNullableReferenceTypes();
            options.DocumentFilter<RequiredFieldsFilter>();
            options.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "CreditLedger.Api.xml"));
        });

    /// <summary>ItemsResponse&lt;UserResponse&gt; becomes "UserResponseItems"; other types keep their name.</summary>
    private static string SchemaId(Type type) =>
        type.IsGenericType
            ? string.Concat(type.GetGenericArguments().Select(SchemaId)) + type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)].Replace("Response", "", StringComparison.Ordinal)
            : type.Name;
}
