package dev.lanes.cli;

import dev.lanes.data.Dataset;
import dev.lanes.nn.Sequential;
import dev.lanes.train.Predictions;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A 1-D regression: the data as points and the model's prediction as a line over the data's x range. */
final class FitPlot {

    static final int WIDTH = 700;
    static final int HEIGHT = 480;
    private static final int SAMPLES = 400;

    private FitPlot() {}

    static void write(Path png, Sequential net, Dataset data, String xName, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xName)
                .yAxisTitle("target").build();
        chart.getStyler().setPlotGridLinesColor(new Color(0xE0E0E0));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE)
                .setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int r = 0; r < data.rows(); r++) {
            xs.add((double) data.feature(r, 0));
            ys.add((double) data.value(r, 0));
            lo = Math.min(lo, data.feature(r, 0));
            hi = Math.max(hi, data.feature(r, 0));
        }
        XYSeries points = chart.addSeries("data", xs, ys);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        points.setMarkerColor(new Color(0x1F77B4));
        float[] grid = new float[SAMPLES];
        List<Double> gx = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            grid[i] = (float) (lo + (hi - lo) * i / (SAMPLES - 1));
            gx.add((double) grid[i]);
        }
        float[] out = Predictions.outputs(net, grid, SAMPLES);
        List<Double> gy = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            gy.add((double) out[i * net.outputWidth()]);
        }
        XYSeries fit = chart.addSeries("model", gx, gy);
        fit.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        fit.setMarker(SeriesMarkers.NONE);
        fit.setLineColor(new Color(0xD62728));
        fit.setLineStyle(new BasicStroke(2.5f));
        dev.lanes.io.AtomicFile.write(png, o -> BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG));
    }
}
