using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace CreditLedger.Api.Webhooks;

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
            : addresses.Any(IsInner) ? "The URL reaches a loopback, private, link-local or metadata address, which webhooks may not call."
            : null;
    }

    /// <summary>Connects only to addresses the guard allows: the check at connect time, after DNS has been asked again.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = (await ResolveAsync(context.DnsEndPoint.Host, ct)).Where(a => options.Value.AllowPrivateNetworks || !IsInner(a)).ToArray();
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

    /// <summary>Loopback, unspecified, private (RFC 1918, ULA), shared (100.64/10), link-local, multicast or reserved.</summary>
    public static bool IsInner(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 || b[0] >= 224 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] is >= 64 and <= 127);
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal;
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
