using System.Globalization;

namespace CreditLedger.Api.Json;

/// <summary>
/// The one parser of timestamps from clients, for JSON fields and query parameters alike: ISO 8601 / RFC 3339
/// (<c>2026-11-01T10:00:00Z</c>, any offset, optional fraction; no offset means UTC), nothing culture-dependent
/// (<c>12/02/2026</c> or <c>Wednesday, 02 December 2026</c> are refused). The result is always UTC, because
/// PostgreSQL's timestamptz takes only offset 0 from Npgsql.
/// </summary>
public static class Instants
{
    public const string Example = "2026-11-01T00:00:00Z";

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd't'HH:mm:ssK", "yyyy-MM-dd't'HH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParse(string? text, out DateTimeOffset utc)
    {
        utc = default;
        if (string.IsNullOrEmpty(text) || text.Length > 40)
        {
            return false;
        }

        // RFC 3339 allows a lowercase z; the format's K reads only Z.
        var normalized = text.EndsWith('z') ? text[..^1] + "Z" : text;
        if (!DateTimeOffset.TryParseExact(normalized, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        utc = parsed.ToUniversalTime();
        return true;
    }

    /// <summary>The instant as PostgreSQL stores it (microseconds), so what is answered equals what is stored.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % 10), TimeSpan.Zero);
}
