namespace CreditLedger.Api.Infrastructure.Errors;

/// <summary>The contract's problem <c>type</c> values; each is a URI ending with the contract's name.</summary>
public static class ProblemTypes
{
    private const string Base = "https://creditledger.dev/problems/";

    public const string Validation = Base + "validation";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string Conflict = Base + "conflict";
    public const string IdempotencyConflict = Base + "idempotency-conflict";
    public const string InsufficientCredits = Base + "insufficient-credits";
    public const string SpendLimitReached = Base + "spend-limit-reached";
    public const string RateLimited = Base + "rate-limited";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string Unavailable = Base + "unavailable";
    public const string RequestTimeout = Base + "request-timeout";
    public const string BadRequest = Base + "bad-request";
    public const string Internal = Base + "internal";

    /// <summary>The default type for a status when a response did not name one.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => Validation,
        401 => Unauthorized,
        402 => InsufficientCredits,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        408 => RequestTimeout,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        503 => Unavailable,
        < 500 => BadRequest,
        _ => Internal,
    };
}
