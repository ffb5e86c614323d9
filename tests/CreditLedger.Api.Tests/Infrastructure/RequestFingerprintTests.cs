using System.Text.Json;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>
/// Fingerprints are stored with every idempotency key and compared with later retries, so their bytes are a stored format:
/// a body must fingerprint the same in every version, or retries of keys stored before an upgrade would be refused as
/// conflicts. These values are what the service has always produced for these bodies; they must never change.
/// </summary>
public class RequestFingerprintTests
{
    // Leaves non-ASCII and HTML-sensitive characters as they are, so the body carries them unescaped.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData("""{"idempotencyKey":"run-42-row-7","kind":"enrichment","integration":"leadmagic","service":"email_finder","outcome":"success","quantity":1}""", "b1e5365a04d997ee96466c9f3f7ddae4b2e46f12bc309526fc383beadc204de9")]
    [InlineData("""{ "quantity": 1.0, "kind":"ai_call","idempotencyKey":"k","metadata":{"z":[1,2.50,"n:1","s:x"],"a":null,"ü":"\u00e9\ud83d\ude00"} }""", "43cd603fcaf613eda212062ba7d62f46002ac10c1b9a78f9c578d3cf7905b648")]
    [InlineData("""{"idempotencyKey":"big","quantity":1e400,"metadata":{"b":true,"a":false}}""", "ae3a2150b5f8779fbb55f67f808f741bca8ed3bc2d19e8c2a765260988841e4e")]
    [InlineData("""{"metadata":{"\uE000":1,"😀":2,"Z":3,"a<b":-0.10,"\u0061":4,"q":12345678901234567890123456789,"r":-1E-7}}""", "53092075efd33b6cf63408d0d2dc7e8ec3b1975476d936b71bf9a845403fa2a6")]
    public void A_body_fingerprints_as_it_always_has(string body, string expected)
    {
        using var document = JsonDocument.Parse(body);

        Convert.ToHexStringLower(RequestFingerprint.Of(document.RootElement)).ShouldBe(expected);
    }

    [Fact]
    public void Key_order_whitespace_and_number_spelling_do_not_change_a_fingerprint_but_types_do()
    {
        static string Of(string json)
        {
            using var document = JsonDocument.Parse(json);
            return Convert.ToHexStringLower(RequestFingerprint.Of(document.RootElement));
        }

        Of("""{"a":1,"b":"x"}""").ShouldBe(Of("""{ "b" : "x", "a" : 1.00 }"""));
        Of("""{"a":1}""").ShouldNotBe(Of("""{"a":"n:1"}"""));
        Of("""{"a":1}""").ShouldNotBe(Of("""{}"""));
        // A repeated name keeps the order it was sent in.
        Of("""{"b":0,"a":1,"a":2}""").ShouldBe(Of("""{"a":1,"b":0,"a":2}"""));
        Of("""{"a":1,"a":2}""").ShouldNotBe(Of("""{"a":2,"a":1}"""));
    }

    [Theory]
    [InlineData("plain ascii")]
    [InlineData("é😀 ü 漢字")]
    [InlineData("<script>&'\"+`")]
    [InlineData("\u2028 \u2029 \u007f \ufffd")]
    [InlineData("n:1")]
    [InlineData("s:x")]
    public void A_string_or_name_fingerprints_the_same_sent_as_it_is_or_with_every_character_escaped(string text)
    {
        static string Of(string json)
        {
            using var document = JsonDocument.Parse(json);
            return Convert.ToHexStringLower(RequestFingerprint.Of(document.RootElement));
        }

        var escaped = string.Concat(text.Select(c => $"\\u{(int)c:x4}"));
        var asIs = JsonSerializer.Serialize(text, Relaxed);

        Of($$"""{"a":{{asIs}}}""").ShouldBe(Of($$"""{"a":"{{escaped}}"}"""));
        Of($$"""{{{asIs}}:1,"b":2}""").ShouldBe(Of($$"""{"{{escaped}}":1,"b":2}"""));
    }
}
