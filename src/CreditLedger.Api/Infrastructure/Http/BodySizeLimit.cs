using CreditLedger.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>
/// Refuses bodies over <see cref="EdgeOptions.MaxRequestBodyBytes"/> with a 413 problem before anything reads
/// them. A declared Content-Length is checked up front; a chunked body is cut off by the server's own limit,
/// which surfaces as a 413 BadHttpRequestException and the same problem.
/// </summary>
internal sealed class BodySizeLimit(RequestDelegate next, IOptions<EdgeOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            await Results.Problem(
                $"The request body exceeds the limit of {limit} bytes.", statusCode: 413, title: "Payload too large",
                type: ProblemTypes.PayloadTooLarge).ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
