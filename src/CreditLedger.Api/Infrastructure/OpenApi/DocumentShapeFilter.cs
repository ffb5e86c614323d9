using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CreditLedger.Api.Infrastructure.OpenApi;

/// <summary>
/// The parts of the document no endpoint states: the server a local run listens on, and the tags in the order a new
/// integrator needs them (set up a workspace, record usage, watch credits, then reports and the rest), each described;
/// and no schema that nothing refers to.
/// </summary>
internal sealed class DocumentShapeFilter : IDocumentFilter
{
    private static readonly (string Name, string Description)[] Tags =
    [
        ("Workspaces", "Create a workspace with its plan; the caller's own identity and scopes."),
        ("API keys", "Mint and revoke workspace keys (shown once; only a hash is stored)."),
        ("Users", "The workspace's users, whom usage and spend limits can name."),
        ("Usage", "Record what ran (one event or batches of up to 1000), charged only when it succeeded; reverse a charge."),
        ("Credits", "Balance, grants (plan, purchases, promotions), their activation and void, auto top-up, and what credit is worth."),
        ("Enrichments", "Reserve before calling a provider, then complete with the outcome or cancel."),
        ("Estimates", "What a run would cost before it starts, and whether it would be refused."),
        ("Reports", "Usage by workspace, user, integration and resource over a time range; balance and forecast."),
        ("Ledger", "The append-only entries themselves, paged, and a check of their hash chain."),
        ("Resources", "Folders, workbooks and tables that usage is attributed to."),
        ("Spend limits", "Per user, API key or resource caps for the billing cycle."),
        ("Integrations", "The integration catalogue, prices, and a workspace's own provider keys."),
        ("Webhooks and alerts", "Signed event deliveries (balance low, depleted, top-ups, …) and their thresholds."),
        ("Clay credit usage (v3)", "The same usage in Clay's own API shapes."),
    ];

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Servers = [new OpenApiServer { Url = "http://127.0.0.1:5080", Description = "The service as scripts/run.sh starts it" }];
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(tag => new OpenApiTag { Name = tag.Name, Description = tag.Description }));
        // Framework types no answer refers to any more: problems are the contract's Problem, raw JSON has its real shape.
        foreach (var replaced in (string[])["ProblemDetails", "HttpValidationProblemDetails", "RawJson"])
        {
            document.Components?.Schemas?.Remove(replaced);
        }
    }
}
