using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>What recording one usage event came to; the edge turns it into an HTTP answer or a batch item.</summary>
public abstract record UsageOutcome
{
    /// <summary>Recorded now; <paramref name="Json"/> is the response kept under its idempotency key.</summary>
    public sealed record Created(string Json) : UsageOutcome;

    /// <summary>The same key and body were recorded before; the response kept then.</summary>
    public sealed record Replayed(string Json) : UsageOutcome;

    /// <summary>The key was used with another body.</summary>
    public sealed record KeyConflict(string Key) : UsageOutcome;

    /// <summary>Not enough credit; nothing recorded.</summary>
    public sealed record NotEnoughCredit(Shortfall Shortfall) : UsageOutcome;

    /// <summary>A spend limit would be overrun; nothing recorded.</summary>
    public sealed record LimitReached(LimitBreach Breach) : UsageOutcome;

    /// <summary>A value the workspace does not have (an unknown user or service).</summary>
    public sealed record Invalid(string Field, string Message) : UsageOutcome;
}
