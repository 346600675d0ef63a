package dev.lanes.cli;

import dev.lanes.train.EpochReport;
import dev.lanes.train.TrainingListener;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Records every epoch's loss and accuracy (train and held-out) and draws them with XChart: loss on the left
 * axis, accuracy (%) on the right. For bce, whose training loop reports no accuracy, the command supplies it.
 */
final class Curves implements TrainingListener {

    static final int WIDTH = 800;
    static final int HEIGHT = 450;

    private final ToDoubleFunction<EpochReport> accuracyOf;
    private final List<Double> epoch = new ArrayList<>();
    private final List<Double> trainLoss = new ArrayList<>();
    private final List<Double> trainAccuracy = new ArrayList<>();
    private final List<Double> heldOutLoss = new ArrayList<>();
    private final List<Double> heldOutAccuracy = new ArrayList<>();

    /** {@code accuracyOf}: an epoch's training accuracy, or null to take the report's. */
    Curves(ToDoubleFunction<EpochReport> accuracyOf) {
        this.accuracyOf = accuracyOf;
    }

    @Override
    public void onEpoch(EpochReport r) {
        epoch.add((double) (r.epoch() + 1));
        trainLoss.add(r.trainLoss());
        trainAccuracy.add(accuracyOf != null ? accuracyOf.applyAsDouble(r) : r.trainAccuracy());
        heldOutLoss.add(r.heldOutLoss());
        heldOutAccuracy.add(r.heldOutAccuracy());
    }

    /** The training accuracy of the last epoch recorded (NaN for regression). */
    double lastAccuracy() {
        return trainAccuracy.isEmpty() ? Double.NaN : trainAccuracy.get(trainAccuracy.size() - 1);
    }

    /** Writes the chart as a PNG of {@link #WIDTH} × {@link #HEIGHT}. */
    void write(Path png, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").build();
        chart.getStyler().setPlotGridLinesColor(new Color(0xE0E0E0));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS)
                .setChartBackgroundColor(Color.WHITE)
                .setPlotBackgroundColor(Color.WHITE)
                .setMarkerSize(0);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        // XChart puts a tick at every k-th x value when the x values (with the axis ends) are equally
        // spaced, which gives ticks like 1, 14, 27; an axis end off the epoch grid restores round ticks.
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(epoch.size() + 0.5);
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.setYAxisGroupTitle(0, "loss");
        line(chart, "train loss", trainLoss, 0, new Color(0x1F77B4), false);
        if (hasValues(heldOutLoss)) {
            line(chart, "held-out loss", heldOutLoss, 0, new Color(0x1F77B4), true);
        }
        if (hasValues(trainAccuracy)) {
            chart.setYAxisGroupTitle(1, "accuracy (%)");
            line(chart, "train accuracy", percent(trainAccuracy), 1, new Color(0xD62728), false);
            if (hasValues(heldOutAccuracy)) {
                line(chart, "held-out accuracy", percent(heldOutAccuracy), 1, new Color(0xD62728), true);
            }
        }
        dev.lanes.io.AtomicFile.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private void line(XYChart chart, String name, List<Double> values, int axis, Color color, boolean dashed) {
        XYSeries s = chart.addSeries(name, epoch, values);
        s.setYAxisGroup(axis);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(dashed
                ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                : new BasicStroke(2f));
    }

    private static boolean hasValues(List<Double> values) {
        for (double v : values) {
            if (!Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    private static List<Double> percent(List<Double> fractions) {
        List<Double> p = new ArrayList<>(fractions.size());
        for (double f : fractions) {
            p.add(100 * f);
        }
        return p;
    }
}
