using CreditLedger.Api.Infrastructure.Observability;
namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>
/// Headers every response carries: no MIME sniffing, no framing, no referrer. API responses (JSON, CSV) also
/// get a CSP that allows nothing and are not stored by caches unless a route says otherwise (reports revalidate).
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.Path.StartsWithSegments("/dashboard", StringComparison.OrdinalIgnoreCase))
            {
                // The dashboard loads only its own scripts and talks only to this service.
                headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'";
            }
            else if (IsApiPath(context.Request.Path))
            {
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
                if (!headers.ContainsKey("Cache-Control"))
                {
                    headers.CacheControl = "no-store";
                }
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>The API's own answers (not Swagger UI, the dashboard or health): no caching, no content policy.</summary>
    private static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/v3", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(TelemetrySetup.MetricsPath, StringComparison.OrdinalIgnoreCase);
}
