namespace CreditLedger.Api.Engine;

/// <summary>
/// What a plan gives per cycle, how much of each currency's unused plan credit may roll into the next, and what one credit
/// of the cycle's grants is worth in the workspace's price currency (0 unless priced).
/// </summary>
public readonly record struct PlanTerms(
    decimal Actions, decimal DataCredits, decimal RolloverActions, decimal RolloverDataCredits,
    decimal UnitPriceActions = 0, decimal UnitPriceDataCredits = 0);
