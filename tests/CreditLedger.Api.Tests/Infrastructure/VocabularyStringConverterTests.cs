using System.Text;
using System.Text.Json;
using CreditLedger.Api.Json;
using CreditLedger.Api.Usage;

namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>
/// A usage event's kind, outcome, integration and service are read through a bounded pool, so that a batch's repeated
/// words are one string each; a client must see no difference in what is accepted, refused or stored.
/// </summary>
public class VocabularyStringConverterTests
{
    private static UsageRequest Read(string json) => JsonSerializer.Deserialize<UsageRequest>(json, JsonSetup.Options)!;

    private static UsageRequest Read(byte[] utf8) => JsonSerializer.Deserialize<UsageRequest>(utf8, JsonSetup.Options)!;

    [Fact]
    public void The_same_words_in_two_events_are_one_string()
    {
        var first = Read("""{"kind":"enrichment","integration":"leadmagic","service":"email_finder","outcome":"success"}""");
        var second = Read("""{"kind":"enrichment","integration":"leadmagic","service":"email_finder","outcome":"success"}""");

        second.Kind.ShouldBeSameAs(first.Kind);
        second.Integration.ShouldBeSameAs(first.Integration);
        second.Service.ShouldBeSameAs(first.Service);
        second.Outcome.ShouldBeSameAs(first.Outcome);
        first.Service.ShouldBe("email_finder");
    }

    [Theory]
    [InlineData("""{"kind":"ai_c\u0061ll"}""", "ai_call")]
    [InlineData("""{"kind":"caf\u00e9"}""", "caf\u00e9")]
    [InlineData("""{"kind":"\ud83d\ude00"}""", "\ud83d\ude00")]
    [InlineData("""{"kind":""}""", "")]
    public void Escaped_and_non_ASCII_words_read_as_the_text_sent(string json, string expected) =>
        Read(json).Kind.ShouldBe(expected);

    [Fact]
    public void A_word_longer_than_the_pool_takes_reads_whole()
    {
        var word = new string('k', VocabularyStringConverter.MaxPooledBytes + 1);

        Read($$"""{"integration":"{{word}}"}""").Integration.ShouldBe(word);
    }

    [Theory]
    [InlineData("""{"kind":"a\u0000b"}""")]
    [InlineData("""{"outcome":"\ud800"}""")]
    [InlineData("""{"service":"x\udc00y"}""")]
    public void Unstorable_escaped_text_is_refused_as_before(string json) =>
        Should.Throw<ClientJsonException>(() => Read(json)).ClientMessage.ShouldBe(StorableText.Problem);

    [Fact]
    public void Bytes_that_are_not_UTF8_are_refused_not_replaced()
    {
        var utf8 = Encoding.UTF8.GetBytes("""{"integration":"lead#magic"}""");
        utf8[Array.IndexOf(utf8, (byte)'#')] = 0xFF;

        Should.Throw<JsonException>(() => Read(utf8));
    }
}
