using BenchmarkDotNet.Running;

// Every benchmark class reports mean time and bytes allocated per operation (MemoryDiagnoser):
// a regression shows as allocated bytes long before it shows as noisy seconds.
BenchmarkSwitcher.FromAssembly(typeof(Kappa.MicroBench.HashingBenchmarks).Assembly).Run(args);
