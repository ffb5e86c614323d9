using System.Text;
using System.Text.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Json;
using CreditLedger.Rules;

namespace CreditLedger.Api.Tests.Engine;

/// <summary>
/// A recorded event's answer is written by hand for speed, and replays send the stored bytes forever, so those bytes must
/// be exactly what the serializer writes for the documented <see cref="UsageResponse"/> shape, for every kind, outcome,
/// instant and amount.
/// </summary>
public class UsageResponseJsonTests
{
    private static readonly decimal[] Amounts = [0m, 1m, 1.0m, 2.50m, 0.0001m, 12.3400m, 1_000_000m, 9_999_999_999_999_999.9999m];

    private static readonly DateTimeOffset[] Instants =
    [
        new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), new(2026, 11, 20, 10, 0, 1, 250, TimeSpan.Zero),
        new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(10),
        new(2027, 3, 28, 1, 30, 0, TimeSpan.FromHours(2)),
    ];

    [Fact]
    public void A_recorded_event_is_answered_with_the_bytes_the_serializer_writes_for_its_shape()
    {
        var compared = 0;
        foreach (var kind in UsageKinds.All)
        {
            foreach (var outcome in new[] { OutcomeNames.Success, OutcomeNames.NotFound, OutcomeNames.Failed })
            {
                for (var i = 0; i < Amounts.Length * Amounts.Length; i++)
                {
                    var cost = new Cost(Amounts[i % Amounts.Length], Amounts[i / Amounts.Length]);
                    var usage = UsageRow.Of(Uuid7.Next(), kind, null, "leadmagic", "email_finder", outcome, 1,
                        Instants[i % Instants.Length], Instants[(i + 1) % Instants.Length], null, null, cost);
                    var expected = JsonSerializer.SerializeToUtf8Bytes(new UsageResponse(usage.Id, usage.Kind, usage.Outcome,
                        usage.OccurredAt, usage.RecordedAt, UsageRecorder.Charges(cost)), JsonSetup.Options);

                    Encoding.UTF8.GetString(UsageResponseJson.Of(usage)).ShouldBe(Encoding.UTF8.GetString(expected));
                    compared++;
                }
            }
        }

        compared.ShouldBe(UsageKinds.All.Count * 3 * Amounts.Length * Amounts.Length);
    }
}
