using ScottPlot;

namespace Kappa.Bench;

/// <summary>A bar chart of C#/JS ratios (log scale would hide the 1× line; ratios are drawn as they are).</summary>
internal static class Chart
{
    public static void Write(string path, IReadOnlyList<(string Label, double Ratio)> ratios, string stamp)
    {
        var plot = new Plot();
        var bars = plot.Add.Bars(ratios.Select(r => r.Ratio).ToArray());
        bars.Color = Colors.SteelBlue;
        var ticks = ratios.Select((r, i) => new Tick(i, r.Label)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 160;
        plot.Add.HorizontalLine(1, 1, Colors.Gray, LinePattern.Dashed);
        plot.Axes.Left.Label.Text = "Kappa.NET / JS kappa-core 6 (×)";
        plot.Title("Kappa.NET vs the JS reference (higher is better)");
        plot.Axes.Bottom.Label.Text = stamp.Length > 120 ? stamp[..120] + "…" : stamp;
        plot.Axes.Bottom.Label.FontSize = 9;
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, 1100, 650);
    }
}
