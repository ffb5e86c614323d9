namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>
/// Buffers request bodies, so idempotency can fingerprint exactly what was sent after model binding has read it.
/// </summary>
internal sealed class RequestBuffering(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            context.Request.EnableBuffering();
        }

        return next(context);
    }
}
