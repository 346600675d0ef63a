package dev.lanes.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts: one look for all of them (size, fonts, legend outside the plot so it never hides a
 * point), and the log-2 axis that XChart lacks. Rendering is headless: the report runs in builds without a
 * display.
 */
final class Charts {

    static final int WIDTH = 900;
    static final int HEIGHT = 500;

    /** Plain numbers with digit grouping, up to three decimals for values below 1. */
    private static final String PLAIN = "#,##0.###";

    private Charts() {}

    /** A line chart with markers; the x axis is linear until {@link #log2X} makes it otherwise. */
    static XYChart lines(String title, String xTitle, String yTitle) {
        headless();
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        style(chart.getStyler());
        return chart;
    }

    static CategoryChart bars(String title, String xTitle, String yTitle) {
        headless();
        CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        style(chart.getStyler());
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setOverlapped(false);
        return chart;
    }

    /**
     * Makes the x axis logarithmic in base 2: series must then be added with x = log2(value) (see
     * {@link #log2}), and ticks are labelled with the powers of two, so equal steps mean doubling. Ticks
     * between powers of two stay unlabelled rather than showing numbers nobody measured.
     */
    static void log2X(XYChart chart) {
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            double rounded = Math.rint(x);
            return Math.abs(x - rounded) < 1e-9 ? powerOfTwo((int) rounded) : "";
        });
    }

    /**
     * A logarithmic y axis for bars: XChart draws bars up from the axis minimum, which on a log axis must be
     * positive, so it starts at the power of ten at or below the smallest value.
     */
    static void logY(CategoryChart chart, double smallest) {
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern(PLAIN);
        if (smallest > 0 && Double.isFinite(smallest)) {
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
        }
    }

    /**
     * A logarithmic y axis labelled 10, 100, 1 000 rather than XChart's 1E3. Through a decimal pattern, not a
     * custom formatter: with one, XChart 3.8 places log-axis ticks as if the axis were linear.
     */
    static void logY(XYChart chart) {
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern(PLAIN);
    }

    /**
     * Tilts the category labels when they would not fit side by side (about 7 px per character at the tick
     * font, in a plot about 650 px wide), instead of letting them overprint each other.
     */
    static void fitLabels(CategoryChart chart, List<String> categories) {
        int chars = 0;
        for (String c : categories) {
            chars += c.length() + 2;
        }
        if (chars * 7 > 650) {
            chart.getStyler().setXAxisLabelRotation(30);
        }
    }

    static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    /** A horizontal reference line across the x range, dashed grey, out of the legend's way. */
    static void horizontalLine(XYChart chart, String name, double y, double xMin, double xMax) {
        XYSeries s = chart.addSeries(name, new double[] {xMin, xMax}, new double[] {y, y});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Color.DARK_GRAY);
        s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
    }

    static byte[] png(Chart<?, ?> chart) throws IOException {
        headless();
        return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
    }

    /** 1, 2, ... 8192, then 16Ki, 64Ki, 4Mi: element counts stay short on the axis. */
    static String powerOfTwo(int exponent) {
        if (exponent < 0) {
            return String.format(Locale.ROOT, "1/%d", 1L << -exponent);
        }
        if (exponent < 14) {
            return Long.toString(1L << exponent);
        }
        if (exponent < 20) {
            return (1L << (exponent - 10)) + "Ki";
        }
        if (exponent < 30) {
            return (1L << (exponent - 20)) + "Mi";
        }
        return (1L << (exponent - 30)) + "Gi";
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setLegendPosition(LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAntiAlias(true);
    }

    /** XChart draws through AWT; without this a build machine with no display fails to render. */
    private static void headless() {
        System.setProperty("java.awt.headless", "true");
    }
}
