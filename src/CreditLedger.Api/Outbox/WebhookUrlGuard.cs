using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace CreditLedger.Api.Outbox;

/// <summary>
/// The SSRF guard: a webhook URL must be https (http only when allowed) and must not reach loopback, private,
/// link-local (cloud metadata lives there), shared or multicast addresses unless private networks are allowed. It is
/// checked when a webhook is added and again for every connection (<see cref="ConnectAsync"/>), so a name that resolves
/// elsewhere later (DNS rebinding) still cannot reach an inner address.
/// </summary>
public sealed class WebhookUrlGuard(IOptions<WebhookOptions> options)
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Why the URL is refused, or null when it may be used.</summary>
    public async Task<string?> ProblemAsync(string url, CancellationToken ct)
    {
        var uri = new Uri(url);
        if (uri.Scheme != Uri.UriSchemeHttps && !options.Value.AllowInsecureUrls)
        {
            return "Must be an https URL (http is accepted only when CreditLedger:Webhooks:AllowInsecureUrls is true).";
        }

        if (options.Value.AllowPrivateNetworks)
        {
            return null;
        }

        var addresses = await ResolveAsync(uri.DnsSafeHost, ct);
        return addresses.Length == 0 ? "The URL's host does not resolve."
            : addresses.Any(InnerAddresses.IsInner) ? "The URL reaches a loopback, private, link-local or metadata address, which webhooks may not call."
            : null;
    }

    /// <summary>Connects only to addresses the guard allows: the check at connect time, after DNS has been asked again.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        // Connect to the address without its scope id: the address judged is the address dialled.
        var addresses = (await ResolveAsync(context.DnsEndPoint.Host, ct))
            .Where(a => options.Value.AllowPrivateNetworks || !InnerAddresses.IsInner(a))
            .Select(a => new IPAddress(a.GetAddressBytes()))
            .ToArray();
        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"Refused to connect to {context.DnsEndPoint.Host}: it resolves to no address webhooks may call.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            return await Dns.GetHostAddressesAsync(host, timeout.Token);
        }
        catch (SocketException)
        {
            return [];
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return [];
        }
    }
}
