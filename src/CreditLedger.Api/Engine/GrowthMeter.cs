using CreditLedger.Api.Diagnostics;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>What a committed transaction adds to the CreditLedger meter's growth counters.</summary>
public static class GrowthMeter
{
    /// <summary>
    /// Per-workspace growth on the CreditLedger meter: events recorded and approximate bytes appended. Summed per workspace
    /// before they are added (each Add hashes its tags): a batch would otherwise make three measurements per event.
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
                foreach (var ((kind, outcome), count) in book.NewUsage.CountBy(u => (u.Kind, u.Outcome)))
                {
                    ServiceMeter.Events.Add(count, new("kind", kind), new("outcome", outcome));
                }
            }

            var charged = new decimal[CurrencyNames.All.Length];
            foreach (var entry in book.NewEntries)
            {
                if (entry.Type == EntryTypes.Charge)
                {
                    charged[(int)entry.Currency] -= entry.Amount;
                }
            }

            foreach (var currency in CurrencyNames.All)
            {
                if (charged[(int)currency] != 0)
                {
                    ServiceMeter.Charges.Add((double)charged[(int)currency], new KeyValuePair<string, object?>("currency", currency.ToWire()));
                }
            }

            // Rough per-row sizes (tuple plus index entries) plus the variable text: a growth signal, not exact bytes.
            var bytes = (book.NewEntries.Count * 260L) + book.NewUsage.Sum(u => 180L + (u.MetadataJson?.Length ?? 0))
                + book.NewResponses.Sum(r => 120L + r.Json.Length);
            ServiceMeter.WorkspaceBytes.Add(bytes, tag);
        }
    }
}
