namespace CreditLedger.Api.Engine;

/// <summary>What a plan gives per cycle and how much of each currency's unused plan credit may roll into the next.</summary>
public readonly record struct PlanTerms(decimal Actions, decimal DataCredits, decimal RolloverActions, decimal RolloverDataCredits);
