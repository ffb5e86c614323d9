using BenchmarkDotNet.Running;

// Every stage reports per event: [Benchmark(OperationsPerInvoke = N)] divides by the events each invocation handles.
BenchmarkSwitcher.FromAssembly(typeof(CreditLedger.Bench.Stages.Events).Assembly).Run(args);
