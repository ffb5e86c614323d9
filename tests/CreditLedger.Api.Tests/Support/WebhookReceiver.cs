using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// A real HTTP receiver (Kestrel on a loopback port): records every request and answers as the test says (a status,
/// or a delay first). Tests wait on what arrives, never on time.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Channel<ReceivedWebhook> arrivals = Channel.CreateUnbounded<ReceivedWebhook>();

    private WebhookReceiver(WebApplication app) => this.app = app;

    /// <summary>How to answer the n-th request (1-based): a status code, after an optional delay.</summary>
    public Func<int, (int Status, TimeSpan Delay)> Answer { get; set; } = _ => (200, TimeSpan.Zero);

    public List<ReceivedWebhook> Received { get; } = [];

    private int started;

    /// <summary>Requests that have arrived, answered or not (a stalling receiver has started more than it has received).</summary>
    public int Started => Volatile.Read(ref started);

    /// <summary>The receiver's usual URL; it answers a POST to any path alike.</summary>
    public string Url => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

    public int Port => new Uri(Url).Port;

    /// <summary>Starts a receiver on <paramref name="bindUrl"/> (a loopback address, port 0 for any free one).</summary>
    public static async Task<WebhookReceiver> StartAsync(string bindUrl = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(bindUrl);
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver.app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            var received = new ReceivedWebhook(request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(),
                request.Headers["webhook-signature"].ToString(), body);
            var (status, delay) = receiver.Answer(Interlocked.Increment(ref receiver.started));
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, request.HttpContext.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            lock (receiver.Received)
            {
                receiver.Received.Add(received);
            }

            await receiver.arrivals.Writer.WriteAsync(received);
            return Results.StatusCode(status);
        });
        await receiver.app.StartAsync();
        return receiver;
    }

    /// <summary>
    /// Waits (up to <paramref name="within"/>, default 10 s) until <paramref name="count"/> requests that match have arrived,
    /// counting those that came before the call, and returns the last of them.
    /// </summary>
    public async Task<ReceivedWebhook> NextAsync(Func<ReceivedWebhook, bool>? match = null, TimeSpan? within = null, int count = 1)
    {
        match ??= _ => true;
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                lock (Received)
                {
                    var matching = Received.Where(match).ToList();
                    if (matching.Count >= count)
                    {
                        return matching[count - 1];
                    }
                }

                await arrivals.Reader.ReadAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Fewer than {count} matching webhooks arrived within {within ?? TimeSpan.FromSeconds(10)}; got: " +
                string.Join(", ", Received.Select(r => r.Type)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
