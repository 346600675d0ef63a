package dev.lanes.cli;

import dev.lanes.data.Dataset;
import dev.lanes.nn.Sequential;
import dev.lanes.train.Predictions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The decision regions of a 2-D classifier with the data over them. XChart draws the axes, grid, legend and
 * the points (coloured by label); beneath its plot area, every pixel is coloured by the class the model
 * predicts there. The chart is laid out once to learn where the plot area lands
 * ({@code getScreenXFromChart}), the model is evaluated at every pixel centre of that area, and the chart is
 * painted again with a transparent plot background over the regions.
 */
final class RegionPlot {

    static final int WIDTH = 700;
    static final int HEIGHT = 640;

    /** Points: saturated; regions: the same hues, pale. Cycles past ten classes. */
    private static final int[] PALETTE = {0x1F77B4, 0xD62728, 0x2CA02C, 0xFF7F0E, 0x9467BD, 0x8C564B, 0xE377C2,
        0x7F7F7F, 0xBCBD22, 0x17BECF};

    private RegionPlot() {}

    static Color pointColor(int k) {
        return new Color(PALETTE[k % PALETTE.length]);
    }

    /** Mixes a class's colour with white: 30 % colour. */
    static int regionRgb(int k) {
        int c = PALETTE[k % PALETTE.length];
        int r = mix(c >> 16 & 0xFF);
        int g = mix(c >> 8 & 0xFF);
        int b = mix(c & 0xFF);
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    private static int mix(int channel) {
        return (int) Math.round(0.3 * channel + 0.7 * 255);
    }

    /**
     * Writes {@code png} ({@link #WIDTH} × {@link #HEIGHT}) for {@code net} (raw 2-D inputs → class scores)
     * and the classification set {@code data} (2 features, raw scale).
     */
    static void write(Path png, Sequential net, Dataset data, List<String> classNames, List<String> axes,
                      String title) throws IOException {
        double[] range = bounds(data);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(axes.get(0)).yAxisTitle(axes.get(1)).build();
        Color clear = new Color(0, 0, 0, 0);
        XYStyler style = chart.getStyler();
        style.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        style.setLegendPosition(Styler.LegendPosition.OutsideE);
        style.setChartBackgroundColor(clear);
        style.setPlotBackgroundColor(clear);
        style.setLegendBackgroundColor(Color.WHITE);
        style.setPlotGridLinesColor(new Color(255, 255, 255, 140));
        style.setMarkerSize(7);
        style.setPlotContentSize(1.0); // no inner padding: the regions fill the plot area to its frame
        style.setXAxisMin(range[0]);
        style.setXAxisMax(range[1]);
        style.setYAxisMin(range[2]);
        style.setYAxisMax(range[3]);
        int classes = data.targetWidth();
        for (int k = 0; k < classes; k++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int r = 0; r < data.rows(); r++) {
                if (data.label(r) == k) {
                    xs.add((double) data.feature(r, 0));
                    ys.add((double) data.feature(r, 1));
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries("class " + classNames.get(k), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(pointColor(k));
        }

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        // A first paint, thrown away, lays the chart out so that data ↔ screen coordinates are known.
        Graphics2D layout = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB).createGraphics();
        chart.paint(layout, WIDTH, HEIGHT);
        layout.dispose();
        int left = (int) Math.ceil(chart.getScreenXFromChart(range[0]));
        int right = (int) Math.floor(chart.getScreenXFromChart(range[1]));
        int top = (int) Math.ceil(chart.getScreenYFromChart(range[3]));
        int bottom = (int) Math.floor(chart.getScreenYFromChart(range[2]));
        if (right > left && bottom > top) {
            paintRegions(image, net, left, top, right, bottom, range);
        }
        chart.paint(g, WIDTH, HEIGHT);
        g.dispose();
        dev.lanes.io.AtomicFile.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new java.io.IOException("no PNG writer in this JVM");
            }
        });
    }

    /** Colours pixels [left, right] × [top, bottom] by the class predicted at each pixel's centre. */
    private static void paintRegions(BufferedImage image, Sequential net, int left, int top, int right, int bottom,
                                     double[] range) {
        int w = right - left + 1;
        int h = bottom - top + 1;
        float[] grid = new float[2 * w * h];
        for (int j = 0; j < h; j++) {
            // Screen y grows downwards; data y upwards.
            double y = range[3] - (j + 0.5) * (range[3] - range[2]) / h;
            for (int i = 0; i < w; i++) {
                double x = range[0] + (i + 0.5) * (range[1] - range[0]) / w;
                grid[2 * (j * w + i)] = (float) x;
                grid[2 * (j * w + i) + 1] = (float) y;
            }
        }
        int[] predicted = Predictions.classes(net, grid, w * h);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                image.setRGB(left + i, top + j, regionRgb(predicted[j * w + i]));
            }
        }
    }

    /** The data's bounding box with a 10 % margin: {xmin, xmax, ymin, ymax}. */
    private static double[] bounds(Dataset data) {
        double[] b = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int r = 0; r < data.rows(); r++) {
            b[0] = Math.min(b[0], data.feature(r, 0));
            b[1] = Math.max(b[1], data.feature(r, 0));
            b[2] = Math.min(b[2], data.feature(r, 1));
            b[3] = Math.max(b[3], data.feature(r, 1));
        }
        for (int a = 0; a < 4; a += 2) {
            double margin = Math.max(0.1 * (b[a + 1] - b[a]), 1e-3);
            b[a] -= margin;
            b[a + 1] += margin;
        }
        return b;
    }
}
