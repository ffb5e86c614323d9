using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace CreditLedger.Bench.Stages;

/// <summary>
/// <c>--allocations Class.Method</c>: what one stage allocates per event, by type. Runs the benchmark method in a loop for
/// a few seconds after a warm-up and prints the exact bytes per event (the runtime's allocated-bytes counter) split by
/// type from the runtime's allocation sampling (one <c>GCAllocationTick</c> about every 100 KB, so the split is an
/// estimate that steadies with the run's length). BenchmarkDotNet reports the total; this says where it goes.
/// </summary>
internal static class AllocationTypes
{
    public static int Run(string name, TimeSpan duration)
    {
        var method = typeof(AllocationTypes).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .SingleOrDefault(m => $"{m.DeclaringType!.Name}.{m.Name}" == name);
        if (method is null)
        {
            Console.Error.WriteLine($"No benchmark {name}; give Class.Method, e.g. BatchStages.Items.");
            return 2;
        }

        var instance = Activator.CreateInstance(method.DeclaringType!)!;
        InvokeAll<GlobalSetupAttribute>(instance);
        var events = method.GetCustomAttribute<BenchmarkAttribute>()!.OperationsPerInvoke;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < duration / 2)
        {
            Invoke(method, instance); // warm-up: tiered compilation settles before anything is counted
        }

        using var sampler = new AllocationSampler();
        var invocations = 0L;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        stopwatch.Restart();
        while (stopwatch.Elapsed < duration)
        {
            Invoke(method, instance);
            invocations++;
        }

        var perEvent = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)(invocations * events);
        InvokeAll<GlobalCleanupAttribute>(instance);
        Console.WriteLine($"{name}: {perEvent:F0} bytes per event over {invocations * events:N0} events");
        var sampled = sampler.ByType.Values.Sum();
        foreach (var (type, bytes) in sampler.ByType.OrderByDescending(t => t.Value).Take(25))
        {
            Console.WriteLine($"{100.0 * bytes / sampled,6:F1} % {perEvent * bytes / sampled,8:F0} B  {type}");
        }

        return 0;
    }

    private static void InvokeAll<TAttribute>(object instance)
        where TAttribute : Attribute
    {
        foreach (var method in instance.GetType().GetMethods().Where(m => m.GetCustomAttribute<TAttribute>() is not null))
        {
            Invoke(method, instance);
        }
    }

    private static void Invoke(MethodInfo method, object instance)
    {
        if (method.Invoke(instance, null) is Task task)
        {
            task.GetAwaiter().GetResult();
        }
    }

    /// <summary>The runtime's allocation ticks (GC keyword, verbose), summed by type name.</summary>
    private sealed class AllocationSampler : EventListener
    {
        public Dictionary<string, long> ByType { get; } = [];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData is not { EventName: "GCAllocationTick_V4", Payload: { } payload, PayloadNames: { } names })
            {
                return;
            }

            var type = (string)payload[names.IndexOf("TypeName")]!;
            var bytes = Convert.ToInt64(payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
            lock (ByType)
            {
                ByType[type] = ByType.GetValueOrDefault(type) + bytes;
            }
        }
    }
}
