namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>Replays a response exactly as first sent (idempotent replays and settled enrichments).</summary>
public sealed class StoredJsonResult(int statusCode, byte[] json, bool replayed) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        if (replayed)
        {
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return httpContext.Response.Body.WriteAsync(json, httpContext.RequestAborted).AsTask();
    }
}
