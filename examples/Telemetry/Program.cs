// Kappa.NET's metrics and traces through OpenTelemetry's console exporter: the sum example with
// every Kappa.* meter and activity source switched on. Spans print as they end; the metrics print
// when the meter provider is flushed (a real app exports them every minute, or to OTLP).
//   dotnet run --project examples/Telemetry -- ./telemetry-db
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

using var meters = Sdk.CreateMeterProviderBuilder().AddMeter("Kappa.*").AddConsoleExporter().Build();
using var traces = Sdk.CreateTracerProviderBuilder().AddSource("Kappa.*").AddConsoleExporter().Build();

var dir = args.Length > 0 ? args[0] : "./telemetry-db";
await using (var core = await KappaCore.OpenAsync(dir))
{
    var sum = core.Use("sum", 1, new SumView(new MemoryViewStore()));
    var writer = await core.WriterAsync("local");
    await writer.AppendBatchAsync(new[] { 1, 2, 3 });
    Console.WriteLine($"sum: {await sum.GetAsync()}");
    meters.ForceFlush();    // while the core is open: its views' lag is observed now
}
