namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>
/// Buffers the body of a route marked <see cref="RereadsBodyExtensions.RereadsBody{TBuilder}"/>, so idempotency can
/// fingerprint exactly what was sent after model binding has read it. Other routes read their body once, straight from
/// the connection: a buffered body over 30 KB (a batch of events) goes to a temporary file, written and read again.
/// </summary>
internal sealed class RequestBuffering(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if ((context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            && context.GetEndpoint()?.Metadata.GetMetadata<RereadsBody>() is not null)
        {
            context.Request.EnableBuffering();
        }

        return next(context);
    }
}

/// <summary>Endpoint metadata: the handler reads its body again after binding (<see cref="RequestFingerprint.OfBodyAsync"/>).</summary>
public sealed class RereadsBody
{
    public static readonly RereadsBody Instance = new();

    private RereadsBody()
    {
    }
}

public static class RereadsBodyExtensions
{
    /// <summary>Keeps this route's body for a second read: its handler fingerprints the body it was bound from.</summary>
    public static TBuilder RereadsBody<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(Http.RereadsBody.Instance);
}
