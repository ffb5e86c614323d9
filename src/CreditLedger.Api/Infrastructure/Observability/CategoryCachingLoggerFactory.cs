using System.Collections.Concurrent;

namespace CreditLedger.Api.Infrastructure.Observability;

/// <summary>
/// One logger per category, as the framework's own factory keeps. Serilog's factory makes a new logger (with a cache
/// of its own) on every call, and services created per request ask for one in their constructor (the authentication
/// handler, results that log): about a kilobyte and a dictionary per request before this.
/// </summary>
internal sealed class CategoryCachingLoggerFactory(ILoggerFactory inner, bool ownsInner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) =>
        loggers.TryGetValue(categoryName, out var logger) ? logger : loggers.GetOrAdd(categoryName, inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider)
    {
        inner.AddProvider(provider);
        loggers.Clear(); // loggers made before may not write to the new provider
    }

    public void Dispose()
    {
        if (ownsInner)
        {
            inner.Dispose();
        }
    }

    /// <summary>Wraps the <see cref="ILoggerFactory"/> registered last (Serilog's) in one that caches per category.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ILoggerFactory) && !d.IsKeyedService);
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(sp => registered switch
        {
            { ImplementationInstance: ILoggerFactory instance } => new CategoryCachingLoggerFactory(instance, ownsInner: false),
            { ImplementationFactory: { } factory } => new CategoryCachingLoggerFactory((ILoggerFactory)factory(sp), ownsInner: true),
            _ => new CategoryCachingLoggerFactory(
                (ILoggerFactory)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!), ownsInner: true),
        });
    }
}
