using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>
/// The closed list of reasons the engine refuses an operation. Every refusal any operation gives is one of these; the
/// HTTP edge maps each to its problem type once (a test fails when a value has no mapping).
/// </summary>
public enum RefusalCode
{
    /// <summary>The workspace does not exist.</summary>
    UnknownWorkspace,

    /// <summary>A value names nothing this workspace has (a user, a resource, a service, an owner): the request is invalid.</summary>
    UnknownReference,

    /// <summary>A resource tree rule would break (parent kind, depth, a loop, children's kinds).</summary>
    TreeRuleBroken,

    /// <summary>The idempotency key was used with another request body.</summary>
    IdempotencyConflict,

    /// <summary>Not enough credit available; nothing was appended.</summary>
    InsufficientCredits,

    /// <summary>A spend limit would be overrun; nothing was appended.</summary>
    SpendLimitReached,

    /// <summary>The thing the operation acts on does not exist (an entry, a reservation, a limit, a resource).</summary>
    NotFound,

    /// <summary>The operation contradicts the state it would change (already reversed or settled, a balance ceiling, live children).</summary>
    StateConflict,
}

/// <summary>
/// One refusal: its code and the sentence that explains it to the caller; <see cref="Field"/> names the request field at
/// fault for <see cref="RefusalCode.UnknownReference"/> and <see cref="RefusalCode.TreeRuleBroken"/>; the 402s carry what
/// was missing. The texts are written here once, whichever operation refuses.
/// </summary>
public sealed record Refusal(RefusalCode Code, string Detail, string? Field = null, Shortfall? Shortfall = null, LimitBreach? Breach = null, string? Key = null)
{
    public static readonly Refusal UnknownWorkspace = new(RefusalCode.UnknownWorkspace, "No such workspace.");

    public static Refusal UnknownUser(string field = "userId") => new(RefusalCode.UnknownReference, "No such user in this workspace.", field);

    public static readonly Refusal UnknownResource =
        new(RefusalCode.UnknownReference, "No such resource in this workspace (or it was deleted).", "resourceId");

    public static readonly Refusal UnknownApiKey = new(RefusalCode.UnknownReference, "No such live API key in this workspace.", "apiKeyId");

    public static Refusal UnknownService(string? integration, string? service) =>
        new(RefusalCode.UnknownReference, $"No service '{service}' in integration '{integration}'.", "service");

    public static Refusal TreeRule(string field, string detail) => new(RefusalCode.TreeRuleBroken, detail, field);

    public static Refusal KeyReused(string key) =>
        new(RefusalCode.IdempotencyConflict, $"The idempotency key '{key}' was already used with a different request body.", Key: key);

    public static Refusal NotEnough(Shortfall shortfall) => new(RefusalCode.InsufficientCredits,
        $"Not enough {shortfall.Currency.ToWire()}: {Money.Normalize(shortfall.Required)} required, " +
        $"{Money.Normalize(shortfall.Available)} available. Nothing was recorded; add credits and retry.", Shortfall: shortfall);

    public static Refusal OverLimit(LimitBreach breach) => new(RefusalCode.SpendLimitReached,
        $"The {breach.Scope.ToWire()} '{breach.ScopeId}' may spend {Money.Normalize(breach.Available)} more {breach.Currency.ToWire()} " +
        $"this billing cycle; {Money.Normalize(breach.Required)} required. Nothing was recorded; raise the limit or wait for the next cycle.",
        Breach: breach);

    public static Refusal Missing(string detail) => new(RefusalCode.NotFound, detail);

    public static Refusal Conflict(string detail) => new(RefusalCode.StateConflict, detail);
}
