using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CreditLedger.Bench;

/// <summary>
/// The HTTP floor scripts/bench.sh measures beside the service: the same route and body, parsed, the bearer key and the
/// idempotency key hashed, 201 with a small JSON answer, and nothing else (no database, no logging, no telemetry).
/// What the service spends above this is its own work.
/// </summary>
public static class HttpFloor
{
    public static async Task<int> RunAsync(Args options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Required("url"));
        await using var app = builder.Build();
        app.MapPost("/v1/workspaces/{workspaceId:guid}/usage", async (Guid workspaceId, HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var key = body.RootElement.GetProperty("idempotencyKey").GetString() ?? "";
            var bearer = SHA256.HashData(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()));
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            return Results.Json(new { id = workspaceId, key, check = bearer[0] ^ hash[0] }, statusCode: StatusCodes.Status201Created);
        });
        await app.RunAsync();
        return 0;
    }
}
