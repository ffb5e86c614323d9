using System.Text.Json.Serialization;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.TopUps;
using CreditLedger.Api.Json;

namespace CreditLedger.Api.Credits;

/// <summary>One currency's rule: below the threshold, grant <c>amount</c> (mode grant) or ask for it to be paid (mode request).</summary>
public sealed record AutoTopUpRuleRequest(decimal? Below, decimal? Amount, string? Mode, decimal? UnitPrice, int? MaxPerCycle)
{
    public TopUpRule ToRule() => new(Below!.Value, Amount!.Value, Mode!, UnitPrice ?? 0, MaxPerCycle ?? AutoTopUpRequest.DefaultMaxPerCycle);
}

/// <summary>
/// Each part is optional: an omitted part keeps its rule, a part sent as null removes it. The setters note which parts
/// were sent, because JSON's "absent" and "null" mean different things here.
/// </summary>
[OpenApiExample("""{"dataCredits":{"below":500,"amount":10000,"mode":"request","unitPrice":0.04,"maxPerCycle":3}}""")]
public sealed class AutoTopUpRequest
{
    public const int DefaultMaxPerCycle = 5;

    public AutoTopUpRuleRequest? Actions { get; init { field = value; ActionsSent = true; } }

    public AutoTopUpRuleRequest? DataCredits { get; init { field = value; DataCreditsSent = true; } }

    [JsonIgnore]
    public bool ActionsSent { get; private set; }

    [JsonIgnore]
    public bool DataCreditsSent { get; private set; }

    /// <summary>The command the request asks for, a part not sent kept as it is (a method, so no JSON member exists for it).</summary>
    public SetTopUpRules ToCommand(Guid workspaceId) => new(workspaceId,
        ActionsSent ? new TopUpChange(true, Actions?.ToRule()) : TopUpChange.Keep,
        DataCreditsSent ? new TopUpChange(true, DataCredits?.ToRule()) : TopUpChange.Keep);
}

/// <summary>A rule as set, with the top-up grants of its currency made this billing cycle (voided ones included).</summary>
public sealed record AutoTopUpRuleResponse(decimal Below, decimal Amount, string Mode, decimal UnitPrice, int MaxPerCycle, int UsedThisCycle);

[OpenApiExample("""{"actions":null,"dataCredits":{"below":500,"amount":10000,"mode":"request","unitPrice":0.04,"maxPerCycle":3,"usedThisCycle":1}}""")]
public sealed record AutoTopUpResponse(AutoTopUpRuleResponse? Actions, AutoTopUpRuleResponse? DataCredits)
{
    public static AutoTopUpResponse From(TopUpRules rules) => new(From(rules.Actions), From(rules.DataCredits));

    private static AutoTopUpRuleResponse? From(TopUpRuleReading? reading) => reading is null ? null
        : new(reading.Rule.Below, reading.Rule.Amount, reading.Rule.Mode, reading.Rule.UnitPrice, reading.Rule.MaxPerCycle, reading.UsedThisCycle);
}
