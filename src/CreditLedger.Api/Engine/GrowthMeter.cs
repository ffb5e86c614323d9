using CreditLedger.Api.Diagnostics;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>What a committed transaction adds to the CreditLedger meter's growth counters.</summary>
public static class GrowthMeter
{
    /// <summary>
    /// Per-workspace growth on the CreditLedger meter (events recorded and approximate bytes appended), and the
    /// commit's events by kind and outcome and charges by currency. Each Add looks its tags up, so a commit's figures
    /// are summed before they are added: per workspace for the per-workspace counters, across the commit's workspaces
    /// for the others (a single-event group spans ~32 workspaces of one event each). Plain loops over the lists: this
    /// runs for every commit.
    /// </summary>
    public static void Record(IEnumerable<WorkspaceBook> books)
    {
        Span<decimal> charged = stackalloc decimal[CurrencyNames.All.Length];
        var events = new EventRun();
        foreach (var book in books)
        {
            if (book.NewEntries.Count == 0 && book.NewUsage.Count == 0)
            {
                continue;
            }

            var tag = new KeyValuePair<string, object?>("workspace_id", book.WorkspaceId.ToString());
            if (book.NewUsage.Count > 0)
            {
                ServiceMeter.WorkspaceEvents.Add(book.NewUsage.Count, tag);
                for (var i = 0; i < book.NewUsage.Count; i++)
                {
                    events.Count(book.NewUsage[i]);
                }
            }

            SumCharges(book.NewEntries, charged);
            ServiceMeter.WorkspaceBytes.Add(ApproximateBytes(book), tag);
        }

        events.Flush();
        AddCharges(charged);
    }

    /// <summary>Events counted per run of one kind and outcome (a commit is mostly one run); the totals are the same.</summary>
    private struct EventRun
    {
        private string? kind;
        private string? outcome;
        private long count;

        public void Count(UsageRow usage)
        {
            if (count > 0 && (usage.Kind != kind || usage.Outcome != outcome))
            {
                Flush();
            }

            (kind, outcome) = (usage.Kind, usage.Outcome);
            count++;
        }

        public void Flush()
        {
            if (count > 0)
            {
                ServiceMeter.Events.Add(count, new("kind", kind), new("outcome", outcome));
                count = 0;
            }
        }
    }

    private static void SumCharges(IReadOnlyList<LedgerEntry> entries, Span<decimal> charged)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Type == EntryTypes.Charge)
            {
                charged[(int)entries[i].Currency] -= entries[i].Amount;
            }
        }
    }

    private static void AddCharges(ReadOnlySpan<decimal> charged)
    {
        foreach (var currency in CurrencyNames.All)
        {
            if (charged[(int)currency] != 0)
            {
                ServiceMeter.Charges.Add((double)charged[(int)currency], new KeyValuePair<string, object?>("currency", currency.ToWire()));
            }
        }
    }

    /// <summary>Rough per-row sizes (tuple plus index entries) plus the variable text: a growth signal, not exact bytes.</summary>
    private static long ApproximateBytes(WorkspaceBook book)
    {
        var bytes = book.NewEntries.Count * 260L;
        for (var i = 0; i < book.NewUsage.Count; i++)
        {
            var usage = book.NewUsage[i];
            bytes += 180L + (usage.MetadataJson?.Length ?? 0) + (usage.IdempotencyKey is { } key ? 60L + key.Length : 0);
        }

        for (var i = 0; i < book.NewResponses.Count; i++)
        {
            bytes += 120L + book.NewResponses[i].Json.Length;
        }

        return bytes;
    }
}
