namespace CreditLedger.Rules;

/// <summary>When a provider call is billable.</summary>
public enum ChargePolicy
{
    /// <summary>Charged only when the provider found something.</summary>
    OnSuccess,

    /// <summary>Charged whenever the provider did the work (success or not_found).</summary>
    PerAttempt,
}

public enum Outcome
{
    Success,
    NotFound,
    Failed,
}

public static class ChargePolicyNames
{
    public const string OnSuccess = "on_success";
    public const string PerAttempt = "per_attempt";

    public static string ToWire(this ChargePolicy policy) => policy == ChargePolicy.OnSuccess ? OnSuccess : PerAttempt;

    public static bool TryParse(string? value, out ChargePolicy policy)
    {
        policy = value == PerAttempt ? ChargePolicy.PerAttempt : ChargePolicy.OnSuccess;
        return value is OnSuccess or PerAttempt;
    }

    public static ChargePolicy Parse(string value) =>
        TryParse(value, out var policy) ? policy : throw new FormatException($"Unknown charge policy '{value}'.");
}

public static class OutcomeNames
{
    public const string Success = "success";
    public const string NotFound = "not_found";
    public const string Failed = "failed";

    public static string ToWire(this Outcome outcome) => outcome switch
    {
        Outcome.Success => Success,
        Outcome.NotFound => NotFound,
        _ => Failed,
    };

    public static bool TryParse(string? value, out Outcome outcome)
    {
        outcome = value switch { Success => Outcome.Success, NotFound => Outcome.NotFound, _ => Outcome.Failed };
        return value is Success or NotFound or Failed;
    }

    public static Outcome Parse(string value) =>
        TryParse(value, out var outcome) ? outcome : throw new FormatException($"Unknown outcome '{value}'.");
}
