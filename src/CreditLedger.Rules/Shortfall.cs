namespace CreditLedger.Rules;

/// <summary>The first currency found short for a cost: what it needed and what was available (a 402 reports it).</summary>
public readonly record struct Shortfall(Currency Currency, decimal Required, decimal Available);
