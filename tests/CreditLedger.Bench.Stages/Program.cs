using BenchmarkDotNet.Running;
using CreditLedger.Bench.Stages;

// --allocations Class.Method [seconds]: one stage's bytes per event by type (AllocationTypes); otherwise BenchmarkDotNet.
if (args is ["--allocations", var stage, ..])
{
    return AllocationTypes.Run(stage, TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10));
}

// Every stage reports per event: [Benchmark(OperationsPerInvoke = N)] divides by the events each invocation handles.
BenchmarkSwitcher.FromAssembly(typeof(Events).Assembly).Run(args);
return 0;
