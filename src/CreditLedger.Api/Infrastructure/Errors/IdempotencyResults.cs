using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Infrastructure.Errors;

/// <summary>How an idempotency check the ledger made is answered over HTTP.</summary>
public static class IdempotencyResults
{
    /// <summary>The answer for a key already used: 200 with the stored response (replayed), or 409.</summary>
    public static IResult ToResult(this IdempotencyCheck check, string key) => check.IsConflict
        ? Problems.IdempotencyConflict(key)
        : new StoredJsonResult(StatusCodes.Status200OK, check.ReplayJson!, replayed: true);
}
