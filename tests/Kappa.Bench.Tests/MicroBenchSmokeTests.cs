using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Kappa.Bench.Tests;

/// <summary>
/// Every micro-benchmark runs once, outside BenchmarkDotNet (its timing runs take minutes): set
/// up with each parameter value, call each benchmark method, clean up. Catches a benchmark that
/// throws or no longer matches the code it measures, not its speed.
/// </summary>
public class MicroBenchSmokeTests
{
    public static TheoryData<string> Classes()
    {
        var data = new TheoryData<string>();
        foreach (var type in BenchmarkTypes()) data.Add(type.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public async Task Each_benchmark_runs_once_with_every_parameter(string className)
    {
        var type = BenchmarkTypes().Single(t => t.Name == className);
        var parameter = type.GetProperties().SingleOrDefault(p => p.GetCustomAttribute<ParamsAttribute>() is not null);
        var values = parameter?.GetCustomAttribute<ParamsAttribute>()!.Values ?? [null];
        var calls = 0;
        foreach (var value in values)
        {
            var instance = Activator.CreateInstance(type)!;
            parameter?.SetValue(instance, value);
            Invoke<GlobalSetupAttribute>(instance);
            foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            {
                var result = method.Invoke(instance, null);
                if (result is Task task) await task;
                calls++;
            }
            Invoke<GlobalCleanupAttribute>(instance);
        }
        Assert.True(calls > 0);
    }

    private static IEnumerable<Type> BenchmarkTypes() =>
        typeof(Kappa.MicroBench.HashingBenchmarks).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null));

    private static void Invoke<TAttribute>(object instance) where TAttribute : Attribute
    {
        foreach (var m in instance.GetType().GetMethods().Where(m => m.GetCustomAttribute<TAttribute>() is not null)) m.Invoke(instance, null);
    }
}
