using CreditLedger.Api.Database;
using CreditLedger.Api.Engine.Charging;
using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

public sealed partial class CreditEngine
{
    /// <summary>
    /// The most a planned run can cost and whether a reservation of all of it would be accepted now: the same checks,
    /// rules and limit order as a charge (<see cref="ChargeChecks"/>), under the workspace lock so the answer is the one a
    /// reservation would get at that instant. Nothing is held, counted, alerted or written, except the boundary the lock
    /// applied when a grant lapsed or a cycle began (as any read applies it).
    /// </summary>
    public async Task<EngineResult<EstimateResponse>> EstimateAsync(EstimateRun command, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        var facts = UsagePrefetch.For([(command.WorkspaceId, null, command.UserId, command.ResourceId)]);
        if (await session.LockAsync(command.WorkspaceId, ct, facts) is not { } book)
        {
            return Refusal.UnknownWorkspace;
        }

        await facts.LoadPathsAsync(session.Connection, session.Books, ct);
        var result = await DecideEstimateAsync(session, book, facts, command, ct);
        if (book.CaughtUp)
        {
            await session.CommitAsync();
        }

        return result;
    }

    private static async Task<EngineResult<EstimateResponse>> DecideEstimateAsync(
        LedgerSession session, WorkspaceBook book, UsagePrefetch facts, EstimateRun command, CancellationToken ct)
    {
        var total = Cost.Zero;
        foreach (var work in command.Items)
        {
            var ask = new ChargeAsk(command.UserId, command.ResourceId, command.ApiKeyId, IsEnrichment: work.Integration is not null,
                work.Integration, work.Service, Outcome.Success, work.Quantity, IsHold: true);
            if (ChargeChecks.Price(book, facts, ask, out var priced) is { } invalid)
            {
                return invalid;
            }

            total += priced.Cost;
        }

        // After the items, as usage checks the user and resource before the price: an unknown key is the last thing named.
        if (command.ApiKeyId is { } keyId && !await ApiKeyRows.IsLiveAsync(session.Connection, command.WorkspaceId, keyId, ct))
        {
            return Refusal.UnknownApiKey;
        }

        var refusal = ChargeChecks.FindRefusal(book, total, new SpendSubject(command.UserId, command.ApiKeyId, command.ResourceId));
        return new EngineResult<EstimateResponse>.Done(EstimateResponse.Of(total, book, refusal), Created: false);
    }
}
