package org.samreg.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.samreg.image.RasterIO;

/**
 * {@code summary.png} of a benchmark: one row per group, Dice on the left and TRE on the right, each a bar per
 * registration (none, the ROI method, ours, elastix) with its value written on it (TRE: the landmark error where a
 * pair has landmarks), so that a reader sees at a glance where the method wins and where it loses. A registration
 * that did not run (elastix without {@code --baseline}) leaves its bar out and says "not run"; a panel without any
 * score (Dice of a landmark pair) says so.
 */
public final class SummaryPicture {
    private static final String[] NAMES = {"none", "ROI method", "ours", "elastix"};
    static final Color[] COLOURS = {new Color(150, 150, 150), new Color(230, 159, 0),
        new Color(0, 114, 178), new Color(0, 158, 115)};
    private static final List<Function<PairScore, PairScore.Score>> SCORES = List.of(PairScore::none, PairScore::roi,
            PairScore::registered, PairScore::elastix);
    private static final int PANEL_WIDTH = 420, ROW_HEIGHT = 190, LABEL_WIDTH = 170, HEADER = 56, MARGIN = 14;
    private static final int BAR_HEIGHT = 30;

    private SummaryPicture() {
    }

    public static void write(Path png, List<PairScore> rows) throws IOException {
        RasterIO.writePng(png, render(rows));
    }

    public static BufferedImage render(List<PairScore> rows) {
        Map<String, List<PairScore>> groups = new LinkedHashMap<>();
        rows.forEach(r -> groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r));
        int width = LABEL_WIDTH + 2 * PANEL_WIDTH + 3 * MARGIN;
        int height = HEADER + Math.max(1, groups.size()) * ROW_HEIGHT + MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString("Mean Dice (higher is better)", LABEL_WIDTH + MARGIN, 24);
            g.drawString("Mean TRE, mm (retina: px); lower is better",
                    LABEL_WIDTH + PANEL_WIDTH + 2 * MARGIN, 24);
            legend(g, LABEL_WIDTH + MARGIN, 44);
            int y = HEADER;
            for (Map.Entry<String, List<PairScore>> e : groups.entrySet()) {
                List<PairScore> list = e.getValue();
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
                g.drawString(e.getKey(), MARGIN, y + 24);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                long pairs = list.stream().map(PairScore::pairId).distinct().count();
                g.drawString(pairs + (pairs == 1 ? " pair, " : " pairs, ") + list.size()
                        + (list.size() == 1 ? " row" : " rows"), MARGIN, y + 44);
                double[] dice = means(list, PairScore.Score::dice), tre = means(list, PairScore.Score::treMm);
                bars(g, LABEL_WIDTH + MARGIN, y, dice, 1.0, "%.3f");
                bars(g, LABEL_WIDTH + PANEL_WIDTH + 2 * MARGIN, y, tre, niceMaximum(tre), "%.2f");
                g.setColor(new Color(220, 220, 220));
                g.drawLine(MARGIN, y + ROW_HEIGHT - 6, width - MARGIN, y + ROW_HEIGHT - 6);
                y += ROW_HEIGHT;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Per registration, the mean over the rows where the score is defined (NaN where none is). */
    private static double[] means(List<PairScore> list, ToDoubleFunction<PairScore.Score> value) {
        double[] out = new double[SCORES.size()];
        for (int s = 0; s < out.length; s++) {
            Function<PairScore, PairScore.Score> score = SCORES.get(s);
            out[s] = BenchmarkTable.mean(list, r -> value.applyAsDouble(score.apply(r)));
        }
        return out;
    }

    private static void bars(Graphics2D g, int x, int y, double[] values, double maximum, String format) {
        int usable = PANEL_WIDTH - 70;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        if (Arrays.stream(values).allMatch(Double::isNaN)) {
            g.setColor(Color.GRAY);
            g.drawString("no scores of this kind (a landmark pair has no Dice)", x + 4, y + 30);
            return;
        }
        for (int s = 0; s < values.length; s++) {
            int top = y + 8 + s * (BAR_HEIGHT + 10);
            double v = values[s];
            if (Double.isNaN(v)) {
                g.setColor(Color.GRAY);
                g.drawString(NAMES[s] + ": not run", x + 4, top + BAR_HEIGHT / 2 + fm.getAscent() / 2);
                continue;
            }
            int length = (int) Math.round(usable * Math.min(1, Math.max(0, v / maximum)));
            g.setColor(COLOURS[s]);
            g.fillRect(x, top, Math.max(1, length), BAR_HEIGHT);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, format, v), x + length + 6,
                    top + BAR_HEIGHT / 2 + fm.getAscent() / 2);
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(x, y + 4, x, y + 4 + values.length * (BAR_HEIGHT + 10));
    }

    private static void legend(Graphics2D g, int x, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        for (int s = 0; s < NAMES.length; s++) {
            g.setColor(COLOURS[s]);
            g.fillRect(x, y - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(NAMES[s], x + 19, y);
            x += 19 + fm.stringWidth(NAMES[s]) + 22;
        }
    }

    /** The axis end for a TRE panel: the largest value rounded up to 1, 2 or 5 times a power of ten. */
    static double niceMaximum(double[] values) {
        double max = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
        }
        if (max <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= max) {
                return m * power;
            }
        }
        return 10 * power;
    }
}
