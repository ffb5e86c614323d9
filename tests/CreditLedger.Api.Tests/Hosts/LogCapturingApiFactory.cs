using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CreditLedger.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>Keeps every log line the service writes, to prove keys never reach the logs.</summary>
public class LogCapturingApiFactory : LedgerApiFactory
{
    /// <summary>Serilog's minimum level: Debug, so that every line is kept.</summary>
    protected virtual string MinimumLevel => "Debug";

    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>Webhooks to loopback receivers, so that deliveries (and what they log) can be watched.</summary>
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:Webhooks:AllowInsecureUrls"] = "true",
        ["CreditLedger:Webhooks:AllowPrivateNetworks"] = "true",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Serilog:MinimumLevel:Default", MinimumLevel);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CaptureProvider(Lines)));
    }

    private sealed class CaptureProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capture(lines);

        public void Dispose()
        {
        }
    }

    private sealed class Capture(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{formatter(state, exception)} {state} {exception}");
    }
}
