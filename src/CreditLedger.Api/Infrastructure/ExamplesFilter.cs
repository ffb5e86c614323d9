using System.Text.Json.Nodes;
using CreditLedger.Api.Credits;
using CreditLedger.Api.Enrichments;
using CreditLedger.Api.Usage;
using CreditLedger.Api.Workspaces;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure;

/// <summary>Realistic request and response examples, so Swagger UI's "Try it out" starts from a working body.</summary>
internal sealed class ExamplesFilter : ISchemaFilter
{
    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(CreateWorkspaceRequest)] = """{"name":"Acme GTM","plan":{"name":"Pro","actionsPerCycle":1000,"dataCreditsPerCycle":500},"timeZone":"Europe/Berlin"}""",
        [typeof(PlanRequest)] = """{"name":"Scale","actionsPerCycle":5000,"dataCreditsPerCycle":2000}""",
        [typeof(CreateApiKeyRequest)] = """{"name":"enrichment-runner"}""",
        [typeof(CreateUserRequest)] = """{"email":"ada@example.com","name":"Ada Lovelace"}""",
        [typeof(CreateGrantRequest)] = """{"currency":"data_credits","amount":250,"source":"purchase","idempotencyKey":"invoice-2026-118"}""",
        [typeof(UsageRequest)] = """{"idempotencyKey":"run-42-row-7","kind":"enrichment","integration":"leadmagic","service":"email_finder","outcome":"success","quantity":1,"occurredAt":"2026-11-20T10:00:00Z","metadata":{"table":"Leads Q4"}}""",
        [typeof(UsageResponse)] = """{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1e2f","kind":"enrichment","outcome":"success","occurredAt":"2026-11-20T10:00:00Z","recordedAt":"2026-11-20T10:00:01.25Z","charges":[{"currency":"actions","amount":1},{"currency":"data_credits","amount":1}]}""",
        [typeof(ReserveRequest)] = """{"idempotencyKey":"run-42-row-8","integration":"leadmagic","service":"mobile_finder","quantity":1}""",
        [typeof(CompleteRequest)] = """{"outcome":"not_found"}""",
        [typeof(BalanceResponse)] = """{"asOf":"2026-11-21T12:00:00Z","cycle":{"start":"2026-11-03T09:30:00Z","end":"2026-12-03T09:30:00Z"},"actions":{"available":958,"held":2},"dataCredits":{"available":412.5,"held":1}}""",
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema concrete && Examples.TryGetValue(context.Type, out var example))
        {
            concrete.Examples = [JsonNode.Parse(example)!];
        }
    }
}
