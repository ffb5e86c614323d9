using CreditLedger.Api.Json;
using System.Globalization;
using CreditLedger.Api.Auth;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Alerts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Webhooks;

/// <summary>Webhook subscriptions, their delivery log and a test ping. Events reach them through the outbox.</summary>
public static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/v1/workspaces/{workspaceId:guid}/webhooks").WithTags("Webhooks and alerts").RequireWorkspaceAccess();
        webhooks.MapPost("/", Create).WithName("createWebhook").RequireScope(Scopes.Manage).Validate<CreateWebhookRequest>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Subscribe a URL to event types; the signing secret (whsec_…) is shown in this answer only.");
        webhooks.MapGet("/", List).WithName("listWebhooks").RequireScope(Scopes.ReportsRead).WithSummary("The workspace's webhooks (never their secrets).");
        webhooks.MapDelete("/{webhookId:guid}", Delete).WithName("deleteWebhook").RequireScope(Scopes.Manage).WithSummary("Remove a webhook and its pending deliveries.");
        webhooks.MapGet("/{webhookId:guid}/deliveries", Deliveries).WithName("listWebhookDeliveries").RequireScope(Scopes.ReportsRead)
            .WithSummary("Delivery log, newest first: status, attempts, last response status, next attempt.");
        webhooks.MapPost("/{webhookId:guid}/test", Ping).WithName("testWebhook").RequireScope(Scopes.Manage).RequireRateLimiting(RateLimiting.WebhookTest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).WithSummary("Send a ping event to this webhook (a few a minute per workspace).");
        AlertEndpoints.Map(app);
    }

    public static async Task<Results<Created<WebhookCreated>, ValidationProblem, ProblemHttpResult>> Create(
        Guid workspaceId, CreateWebhookRequest request, CreditEngine engine, WebhookUrlGuard guard, WebhookSecrets secrets,
        IOptions<WebhookOptions> options, CancellationToken ct)
    {
        if (await guard.ProblemAsync(request.Url!, ct) is { } problem)
        {
            return Problems.Validation("url", problem);
        }

        var secret = WebhookSecrets.Generate();
        var command = new AddWebhook(workspaceId, request.Url!, request.Events!, request.Description, secrets.Protect(secret),
            options.Value.MaxWebhooksPerWorkspace);
        return await engine.AddWebhookAsync(command, ct) switch
        {
            EngineResult<WebhookResponse>.Done { Value: var webhook } => TypedResults.Created($"/v1/workspaces/{workspaceId}/webhooks/{webhook.Id}",
                new WebhookCreated(webhook.Id, webhook.Url, webhook.Events, webhook.Description, secret, webhook.CreatedAt)),
            var refused => refused.RefusalOf().ToProblemResult(),
        };
    }

    public static async Task<Results<Ok<ItemsResponse<WebhookResponse>>, ValidationProblem>> List(
        Guid workspaceId, [AsParameters] PageParameters page, CreditEngine engine, CancellationToken ct) =>
        Paging.TryRead(page, out var limit, out var after) is { } invalid
            ? invalid
            : TypedResults.Ok(Paging.Page(await engine.ListWebhooksAsync(workspaceId, ct), w => Paging.CreatedKey(w.CreatedAt, w.Id), limit, after));

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid workspaceId, Guid webhookId, CreditEngine engine, CancellationToken ct) =>
        await engine.DeleteWebhookAsync(workspaceId, webhookId, ct) is EngineResult<bool>.Refused refused
            ? refused.Refusal.ToProblemResult()
            : TypedResults.NoContent();

    public static async Task<Results<Ok<DeliveryPage>, ValidationProblem, ProblemHttpResult>> Deliveries(
        Guid workspaceId, Guid webhookId, [FromQuery(Name = "limit")] string? limitText, [FromQuery] string? cursor,
        CreditEngine engine, CancellationToken ct)
    {
        var limit = 100;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
        {
            return Problems.Validation("limit", "Must be a whole number from 1 to 1000.");
        }

        if (!TryParseCursor(cursor, out var after))
        {
            return Problems.Validation("cursor", "Use the nextCursor of the previous page.");
        }

        if (await engine.DeliveriesAsync(workspaceId, webhookId, after, limit + 1, ct) is not { } items)
        {
            return Problems.NotFound("No such webhook in this workspace.");
        }

        var more = items.Count > limit;
        var page = items.Take(limit).ToList();
        return TypedResults.Ok(new DeliveryPage(page, more ? Cursor(page[^1]) : null));
    }

    public static async Task<Results<Accepted<PingResponse>, ProblemHttpResult>> Ping(
        Guid workspaceId, Guid webhookId, CreditEngine engine, CancellationToken ct) =>
        await engine.PingWebhookAsync(workspaceId, webhookId, ct) switch
        {
            EngineResult<Guid>.Done { Value: var eventId } => TypedResults.Accepted((string?)null, new PingResponse(eventId)),
            var refused => refused.RefusalOf().ToProblemResult(),
        };

    private static string Cursor(DeliveryResponse last) =>
        $"{(last.CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10}.{last.Id:N}";

    private static bool TryParseCursor(string? cursor, out (DateTimeOffset CreatedAt, Guid Id)? after)
    {
        after = null;
        if (cursor is null)
        {
            return true;
        }

        var parts = cursor.Split('.');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || micros > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() * 1000 || !Guid.TryParseExact(parts[1], "N", out var id))
        {
            return false;
        }

        after = (DateTimeOffset.UnixEpoch.AddTicks(micros * 10), id);
        return true;
    }
}
