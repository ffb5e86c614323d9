using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CreditLedger.Api.Tests.Support;

/// <summary>Small HTTP helpers so tests read as the requests a client makes.</summary>
public static class Api
{
    public static Task<HttpResponseMessage> Post(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> Put(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string url, string json, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, contentType));

    public static Task<HttpResponseMessage> PutRaw(this HttpClient client, string url, string json) =>
        client.PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts the status and returns the JSON body (with the body in the failure message).</summary>
    public static async Task<JsonElement> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered: {text}");
        return string.IsNullOrEmpty(text) || response.Content.Headers.ContentType?.MediaType?.Contains("json") != true
            ? default
            : JsonDocument.Parse(text, DeepAnswers).RootElement.Clone();
    }

    /// <summary>Reports over deep resource trees nest two levels per tree level.</summary>
    private static readonly JsonDocumentOptions DeepAnswers = new() { MaxDepth = 4096 };

    /// <summary>Asserts an RFC 9457 problem of the contract's type.</summary>
    public static async Task<JsonElement> ExpectProblem(this HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var problem = await response.Expect(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        problem.GetProperty("type").GetString()!.ShouldEndWith("/" + type);
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.TryGetProperty("title", out _).ShouldBeTrue();
        problem.TryGetProperty("detail", out _).ShouldBeTrue();
        problem.TryGetProperty("traceId", out _).ShouldBeTrue();
        return problem;
    }

    public static decimal Amount(this JsonElement element, string property) => element.GetProperty(property).GetDecimal();

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static Guid Id(this JsonElement element) => element.GetProperty("id").GetGuid();
}
