using CreditLedger.Api.Diagnostics;
using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine.Charging;

/// <summary>What is to be charged (recorded usage) or held (a reservation), as the checks see it.</summary>
public readonly record struct ChargeAsk(
    Guid? UserId, string? ResourceId, Guid? ApiKeyId, bool IsEnrichment, string? Integration, string? Service, Outcome Outcome, int Quantity,
    bool IsHold = false);

/// <summary>The cost the rules gave, with the price and own-key waiver it came from (zero price for platform work).</summary>
public readonly record struct PricedCharge(Cost Cost, ServicePrice Price, bool OwnApiKey);

/// <summary>
/// The one set of checks that decides whether credit may be charged or held, in one fixed order: the user is the
/// workspace's, the resource is live, the service has a price (enrichments); then, with the cost the rules give
/// (<see cref="ChargeRules"/>: the policy, own-key waivers, the most a hold can need), enough credit is available and no
/// spend limit would be overrun. A refusal for credit or a limit is counted and raises the workspace's refusal alert; one
/// for credit also asks for an auto top-up of the short currency.
/// Recording usage (single, batch, grouped) and reserving share it.
/// </summary>
public static class ChargeChecks
{
    public static Refusal? Decide(WorkspaceBook book, UsagePrefetch facts, in ChargeAsk ask, out PricedCharge priced)
    {
        if (Price(book, facts, ask, out priced) is { } invalid)
        {
            return invalid;
        }

        var refusal = FindRefusal(book, priced.Cost, new SpendSubject(ask.UserId, ask.ApiKeyId, ask.ResourceId));
        if (refusal is not null)
        {
            ServiceMeter.Refusals.Add(1, new KeyValuePair<string, object?>("type", refusal.Shortfall is null ? "spend-limit-reached" : "insufficient-credits"));
            var topUp = refusal.Shortfall is { } shortfall && book.TopUpRule(shortfall.Currency)?.MayTopUp(book.CycleIndex) == true;
            book.Alerts.Refused(refusal.Shortfall, refusal.Breach, book.CycleIndex, topUp);
        }

        return refusal;
    }

    /// <summary>
    /// The checks before any credit is looked at, in order (the user, the resource, the service's price), and the cost
    /// the rules give: a hold's is the most the enrichment can cost. Changes nothing, counts nothing.
    /// </summary>
    public static Refusal? Price(WorkspaceBook book, UsagePrefetch facts, in ChargeAsk ask, out PricedCharge priced)
    {
        priced = default;
        if (!facts.UserKnown(book.WorkspaceId, ask.UserId))
        {
            return Refusal.UnknownUser();
        }

        if (!facts.ResourceLive(book.WorkspaceId, ask.ResourceId))
        {
            return Refusal.UnknownResource;
        }

        var price = default(ServicePrice);
        var ownApiKey = false;
        if (ask.IsEnrichment)
        {
            if (facts.Price(ask.Integration, ask.Service) is not { } found)
            {
                return Refusal.UnknownService(ask.Integration, ask.Service);
            }

            price = found;
            ownApiKey = facts.OwnApiKey(book.WorkspaceId, ask.Integration);
        }

        var cost = !ask.IsEnrichment ? ChargeRules.ForPlatformWork(ask.Outcome, ask.Quantity)
            : ask.IsHold ? ChargeRules.MaximumHold(price, ask.Quantity, ownApiKey)
            : ChargeRules.ForEnrichment(price, ask.Outcome, ask.Quantity, ownApiKey);
        priced = new PricedCharge(cost, price, ownApiKey);
        return null;
    }

    /// <summary>
    /// The 402 a charge or hold of <paramref name="cost"/> would get now, without counting or alerting it: first a
    /// currency short of credit (actions before data credits), then the first spend limit it would overrun.
    /// </summary>
    public static Refusal? FindRefusal(WorkspaceBook book, Cost cost, SpendSubject subject) =>
        book.FindShortfall(cost) is { } shortfall ? Refusal.NotEnough(shortfall)
        : book.FindLimitBreach(cost, subject) is { } breach ? Refusal.OverLimit(breach)
        : null;
}
