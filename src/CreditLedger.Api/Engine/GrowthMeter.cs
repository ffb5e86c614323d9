using CreditLedger.Api.Diagnostics;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>What a committed transaction adds to the CreditLedger meter's growth counters.</summary>
public static class GrowthMeter
{
    /// <summary>
    /// Per-workspace growth on the CreditLedger meter: events recorded and approximate bytes appended. Summed per workspace
    /// before they are added (each Add hashes its tags): a batch would otherwise make three measurements per event. Plain
    /// loops over the lists: this runs for every workspace of every commit, most of which hold a single event.
    /// </summary>
    public static void Record(IEnumerable<WorkspaceBook> books)
    {
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
                AddEventsByKindAndOutcome(book.NewUsage);
            }

            AddCharges(book.NewEntries);
            ServiceMeter.WorkspaceBytes.Add(ApproximateBytes(book), tag);
        }
    }

    /// <summary>Events counted per run of one kind and outcome (a batch is mostly one run); the totals are the same.</summary>
    private static void AddEventsByKindAndOutcome(IReadOnlyList<UsageRow> usage)
    {
        var start = 0;
        for (var i = 1; i <= usage.Count; i++)
        {
            if (i == usage.Count || usage[i].Kind != usage[start].Kind || usage[i].Outcome != usage[start].Outcome)
            {
                ServiceMeter.Events.Add(i - start, new("kind", usage[start].Kind), new("outcome", usage[start].Outcome));
                start = i;
            }
        }
    }

    private static void AddCharges(IReadOnlyList<LedgerEntry> entries)
    {
        Span<decimal> charged = stackalloc decimal[CurrencyNames.All.Length];
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Type == EntryTypes.Charge)
            {
                charged[(int)entries[i].Currency] -= entries[i].Amount;
            }
        }

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
            bytes += 180L + (book.NewUsage[i].MetadataJson?.Length ?? 0);
        }

        for (var i = 0; i < book.NewResponses.Count; i++)
        {
            bytes += 120L + book.NewResponses[i].Json.Length;
        }

        return bytes;
    }
}
