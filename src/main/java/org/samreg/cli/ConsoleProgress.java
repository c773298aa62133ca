package org.samreg.cli;

import java.io.PrintStream;
import org.samreg.image.Progress;

/**
 * Shows progress on standard error: one line rewritten in place on a terminal; on a pipe or log file, one line
 * per stage and at most one update a second, so logs stay readable.
 */
final class ConsoleProgress implements Progress {
    private final PrintStream out;
    private final boolean interactive;
    private String lastStage = "";
    private long lastPrint;

    ConsoleProgress(PrintStream out) {
        this.out = out;
        this.interactive = System.console() != null;
    }

    @Override
    public synchronized void update(String stage, int done, int total) {
        long now = System.currentTimeMillis();
        boolean newStage = !stage.equals(lastStage);
        if (!newStage && done < total && now - lastPrint < (interactive ? 100 : 1000)) {
            return;
        }
        String line = String.format("%s  %d/%d", stage, done, total);
        if (interactive) {
            out.print("\r\033[K" + line + (done >= total ? "\n" : ""));
        } else if (newStage || done >= total) {
            out.println(line);
        }
        out.flush();
        lastStage = stage;
        lastPrint = now;
    }
}
