using System.Globalization;
using ScottPlot;

namespace Kappa.Bench;

/// <summary>
/// A bar chart of C#/JS ratios on a log scale (ratios range from about 2× to over 100×; on a
/// linear axis the small ones vanish). Bars start at 1× (equal speed), each labelled with its ratio.
/// </summary>
internal static class Chart
{
    public static void Write(string path, IReadOnlyList<(string Label, double Ratio)> ratios, string stamp)
    {
        var plot = new Plot();
        var bars = ratios.Select((r, i) => new Bar
        {
            Position = i,
            ValueBase = 0,
            Value = Math.Log10(r.Ratio),
            FillColor = r.Ratio >= 1 ? Colors.SteelBlue : Colors.IndianRed,
            Label = r.Ratio.ToString(r.Ratio >= 10 ? "0" : "0.0", CultureInfo.InvariantCulture) + "×",
        }).ToList();
        var plotted = plot.Add.Bars(bars);
        plotted.ValueLabelStyle.FontSize = 13;
        var ticks = ratios.Select((r, i) => new Tick(i, r.Label)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 160;
        double[] steps = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500];
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            steps.Select(s => new Tick(Math.Log10(s), s.ToString(CultureInfo.InvariantCulture) + "×")).ToArray());
        var top = Math.Log10(Math.Max(2, ratios.Count == 0 ? 2 : ratios.Max(r => r.Ratio)) * 1.6);
        var bottom = Math.Min(0, ratios.Count == 0 ? 0 : ratios.Min(r => Math.Log10(r.Ratio))) - 0.05;
        plot.Axes.SetLimitsY(bottom, top);
        plot.Axes.Left.Label.Text = "Kappa.NET / JS kappa-core 6 (×, log scale)";
        plot.Title("Kappa.NET vs the JS reference (higher is better)");
        plot.Axes.Bottom.Label.Text = stamp.Length > 120 ? stamp[..120] + "…" : stamp;
        plot.Axes.Bottom.Label.FontSize = 9;
        plot.SavePng(path, 1100, 650);
    }
}
