namespace CreditLedger.Rules;

/// <summary>What a spend limit covers: a user, an API key, or a resource together with its descendants.</summary>
public enum LimitScope
{
    User,
    ApiKey,
    Resource,
}

/// <summary>
/// A limit as the charge path sees it: the cap per currency (null: that currency is not capped) and what the current
/// cycle has spent (charges net of reversals, plus pending holds).
/// </summary>
public sealed record SpendLimitView(LimitScope Scope, string ScopeId, Cost Spent, decimal? ActionsCap, decimal? DataCreditsCap)
{
    public decimal? Cap(Currency currency) => currency == Currency.Actions ? ActionsCap : DataCreditsCap;

    /// <summary>What is left under the cap; 0 once a lowered cap is below what was spent.</summary>
    public decimal? Remaining(Currency currency) => Cap(currency) is { } cap ? Math.Max(0, cap - Spent[currency]) : null;
}

/// <summary>The limit a cost would take above its cap: the 402's <c>limit</c>, <c>currency</c>, <c>required</c> and <c>available</c>.</summary>
public sealed record LimitBreach(LimitScope Scope, string ScopeId, Currency Currency, decimal Required, decimal Available);

/// <summary>A resource on the way from the charged resource up to its root, nearest first.</summary>
public readonly record struct ResourceStep(string Id, ResourceKind Kind);

/// <summary>
/// The spend-limit rules, free of storage: which limits apply to a charge, whether a cost fits under all of them, and
/// how a counter kept from an earlier cycle counts in this one. The engine keeps the counters under the workspace lock.
/// </summary>
public static class SpendLimitRules
{
    /// <summary>
    /// The limits that apply, in the order they are checked: the user's, the key's, then the resource's and each
    /// ancestor's, nearest first. A workbook on the way without a limit of its own is capped by the workspace's
    /// workbook default (<paramref name="workbookDefault"/>, already keyed to that workbook by the caller's lookup).
    /// </summary>
    public static IReadOnlyList<SpendLimitView> Applicable(
        string? userId, string? apiKeyId, IReadOnlyList<ResourceStep> resourcePath,
        Func<LimitScope, string, SpendLimitView?> limitOf, Func<string, SpendLimitView?> workbookDefault)
    {
        var applicable = new List<SpendLimitView>();
        if (userId is not null && limitOf(LimitScope.User, userId) is { } user)
        {
            applicable.Add(user);
        }

        if (apiKeyId is not null && limitOf(LimitScope.ApiKey, apiKeyId) is { } key)
        {
            applicable.Add(key);
        }

        foreach (var step in resourcePath)
        {
            var own = limitOf(LimitScope.Resource, step.Id);
            var limit = own ?? (step.Kind == ResourceKind.Workbook ? workbookDefault(step.Id) : null);
            if (limit is not null)
            {
                applicable.Add(limit);
            }
        }

        return applicable;
    }

    /// <summary>The first limit (in the given order, actions before data credits) that <paramref name="cost"/> would overrun.</summary>
    public static LimitBreach? FirstBreach(Cost cost, IEnumerable<SpendLimitView> applicable)
    {
        foreach (var limit in applicable)
        {
            foreach (var currency in CurrencyNames.All)
            {
                if (cost[currency] > 0 && limit.Remaining(currency) is { } remaining && cost[currency] > remaining)
                {
                    return new LimitBreach(limit.Scope, limit.ScopeId, currency, cost[currency], remaining);
                }
            }
        }

        return null;
    }

    /// <summary>A counter last moved in an earlier cycle counts as 0 in this one: limits are per billing cycle.</summary>
    public static Cost SpentThisCycle(int counterCycle, int currentCycle, Cost spent) =>
        counterCycle < currentCycle ? Cost.Zero : spent;
}
