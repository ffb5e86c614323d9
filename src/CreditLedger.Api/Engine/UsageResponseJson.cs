using System.Text.Json;
using CreditLedger.Api.Json;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>
/// A recorded event's answer, the <see cref="UsageResponse"/> shape, written straight to UTF-8 from the usage row (what
/// it was charged with it). Every recorded event is answered and kept under its key, and the serializer spent over a
/// quarter of the engine's record on it (the response objects and its stack of frames); these bytes equal the
/// serializer's for the same response, with the same converters' formatting (a test compares them over many values).
/// A replay of an event is written again from its stored row, byte for byte the first answer (ADR 36).
/// </summary>
public static class UsageResponseJson
{
    // Record is synchronous, so a thread's writer is never shared; only the finished bytes are allocated.
    [ThreadStatic]
    private static ReusableJsonWriter? answers;

    public static byte[] Of(UsageRow usage) => Of(usage.Id, usage.Kind, usage.Outcome, usage.OccurredAt, usage.RecordedAt, usage.Charged);

    /// <summary>
    /// The answer from the fields the event's row keeps: a replay writes it again from the stored event (ADR 36), so
    /// nothing here may depend on anything else than these fields.
    /// </summary>
    public static byte[] Of(Guid id, string kind, string outcome, DateTimeOffset occurredAt, DateTimeOffset recordedAt, Cost cost)
    {
        var json = answers ??= new ReusableJsonWriter(512);
        var writer = json.Start();
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("kind"u8, kind);
        writer.WriteString("outcome"u8, outcome);
        writer.WritePropertyName("occurredAt"u8);
        JsonSetup.WriteInstant(writer, occurredAt);
        writer.WritePropertyName("recordedAt"u8);
        JsonSetup.WriteInstant(writer, recordedAt);
        writer.WriteStartArray("charges"u8); // actions first, as UsageRecorder.Charges lists them
        foreach (var currency in CurrencyNames.All)
        {
            if (cost[currency] > 0)
            {
                writer.WriteStartObject();
                writer.WriteString("currency"u8, currency.ToWire());
                writer.WritePropertyName("amount"u8);
                JsonSetup.WriteAmount(writer, cost[currency]);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return json.Written().ToArray();
    }
}
