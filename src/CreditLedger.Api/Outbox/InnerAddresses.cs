using System.Net;
using System.Net.Sockets;

namespace CreditLedger.Api.Outbox;

/// <summary>
/// Which addresses a webhook may never reach. Every address is normalised before it is judged: the IPv6 scope id is
/// dropped (Linux ignores it when connecting to loopback, while <see cref="IPAddress.Equals(object)"/> compares it), and
/// every IPv6 form that embeds an IPv4 address (mapped, compatible, translated, NAT64, 6to4) is judged by that
/// IPv4 address. What is left is compared with fixed lists of special-purpose ranges (IANA's registries), never with
/// <see cref="IPAddress.IsLoopback"/> and friends.
/// </summary>
public static class InnerAddresses
{
    /// <summary>IPv4 ranges that are not the public internet: this network, private, shared, loopback, link-local,
    /// IETF protocol assignments, documentation, 6to4 relay, benchmarking, multicast, reserved and broadcast.</summary>
    private static readonly (IPAddress Network, int Prefix)[] InnerV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8), (IPAddress.Parse("10.0.0.0"), 8), (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8), (IPAddress.Parse("169.254.0.0"), 16), (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24), (IPAddress.Parse("192.0.2.0"), 24), (IPAddress.Parse("192.88.99.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16), (IPAddress.Parse("198.18.0.0"), 15), (IPAddress.Parse("198.51.100.0"), 24),
        (IPAddress.Parse("203.0.113.0"), 24), (IPAddress.Parse("224.0.0.0"), 4), (IPAddress.Parse("240.0.0.0"), 4),
    ];

    /// <summary>IPv6 ranges that are not the public internet (the IPv4-embedding prefixes are unwrapped before these):
    /// unspecified and loopback, discard-only, IETF protocol assignments (Teredo, benchmarking, ORCHID), local-use NAT64,
    /// documentation, unique-local, site-local, link-local and multicast.</summary>
    private static readonly (IPAddress Network, int Prefix)[] InnerV6 =
    [
        (IPAddress.Parse("::"), 127), (IPAddress.Parse("100::"), 64), (IPAddress.Parse("2001::"), 23),
        (IPAddress.Parse("64:ff9b:1::"), 48), (IPAddress.Parse("2001:db8::"), 32), (IPAddress.Parse("3fff::"), 20),
        (IPAddress.Parse("fc00::"), 7), (IPAddress.Parse("fec0::"), 10), (IPAddress.Parse("fe80::"), 10), (IPAddress.Parse("ff00::"), 8),
    ];

    /// <summary>Whether the address, in any of its forms, is one a webhook may not reach.</summary>
    public static bool IsInner(IPAddress address)
    {
        var normal = Normalise(address);
        var ranges = normal.AddressFamily == AddressFamily.InterNetwork ? InnerV4 : InnerV6;
        return ranges.Any(range => new IPNetwork(range.Network, range.Prefix).Contains(normal));
    }

    /// <summary>
    /// The address with its scope id dropped, and the IPv4 address an IPv6 form embeds in place of that form:
    /// <c>::ffff:a.b.c.d</c> (mapped), <c>::a.b.c.d</c> (compatible), <c>::ffff:0:a.b.c.d</c> (translated),
    /// <c>64:ff9b::a.b.c.d</c> (NAT64) and <c>2002:AABB:CCDD::</c> (6to4). Teredo (2001::/32) is refused whole.
    /// </summary>
    public static IPAddress Normalise(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var b = address.GetAddressBytes(); // never carries the scope id
        if (IsZero(b, 0, 10) && b[10] == b[11] && b[10] is 0 or 0xff)
        {
            return new IPAddress(b.AsSpan(12, 4)); // mapped, or compatible (:: and ::1 become 0.0.0.0 and 0.0.0.1: inner)
        }

        if (IsZero(b, 0, 8) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0)
        {
            return new IPAddress(b.AsSpan(12, 4)); // translated (RFC 2765)
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && IsZero(b, 4, 8))
        {
            return new IPAddress(b.AsSpan(12, 4)); // NAT64 well-known prefix (RFC 6052)
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b.AsSpan(2, 4)); // 6to4 (RFC 3056)
        }

        return new IPAddress(b);
    }

    private static bool IsZero(byte[] bytes, int start, int count) => bytes.AsSpan(start, count).IndexOfAnyExcept((byte)0) < 0;
}
