package dev.lanes.cli;

import dev.lanes.train.ConfusionMatrix;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

/**
 * The confusion matrix as a heat map (XChart's {@link HeatMapChart}): a row per actual class, class 0 at the
 * top, a column per predicted class, each cell labelled with its count and shaded from white (0) through pale
 * blue to mid blue (the largest count), light enough that black numbers read on every cell. The diagonal holds
 * the right answers; a shaded cell off it is a pair of classes the model confuses.
 */
final class ConfusionPlot {

    static final int WIDTH = 760;
    static final int HEIGHT = 680;
    /** The colour of the largest count. */
    static final int TOP = 0x4292C6;

    private ConfusionPlot() {}

    /** Writes {@code png} ({@link #WIDTH} × {@link #HEIGHT}) for {@code m}, titled {@code title}. */
    static void write(Path png, ConfusionMatrix m, List<String> classNames, String title) throws IOException {
        int k = m.classes();
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("predicted class").yAxisTitle("actual class").build();
        HeatMapStyler style = chart.getStyler();
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotBackgroundColor(Color.WHITE);
        style.setLegendPosition(Styler.LegendPosition.OutsideE);
        style.setRangeColors(new Color[] {Color.WHITE, new Color(0xC6DBEF), new Color(TOP)});
        style.setMin(0);
        style.setMax(Math.max(1, maxCount(m)));
        style.setShowValue(true);
        style.setHeatMapValueDecimalPattern("#");
        style.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, k > 20 ? 8 : k > 12 ? 10 : 12));
        style.setValueFontColor(Color.BLACK);
        style.setDrawBorder(true);
        style.setPlotGridLinesVisible(false);
        List<String> columns = new ArrayList<>(k);
        List<String> rows = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            columns.add(classNames.get(c));
            rows.add(classNames.get(k - 1 - c)); // the y axis grows upwards: class 0 last, at the top
        }
        List<Number[]> cells = new ArrayList<>(k * k);
        for (int actual = 0; actual < k; actual++) {
            for (int predicted = 0; predicted < k; predicted++) {
                cells.add(new Number[] {predicted, k - 1 - actual, m.count(actual, predicted)});
            }
        }
        chart.addSeries("rows", columns, rows, cells);
        dev.lanes.io.AtomicFile.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private static int maxCount(ConfusionMatrix m) {
        int max = 0;
        for (int a = 0; a < m.classes(); a++) {
            for (int p = 0; p < m.classes(); p++) {
                max = Math.max(max, m.count(a, p));
            }
        }
        return max;
    }
}
