package org.playhead.chaos.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A report's files in its directory: {@code report.json} and the page {@code report.html}. */
public final class ReportFiles {
  public static final String JSON = "report.json";
  public static final String HTML = "report.html";

  private ReportFiles() {}

  public static void write(Path dir, DrillReport report) throws IOException {
    Files.createDirectories(dir);
    replace(dir.resolve(JSON), ReportJson.write(report));
    replace(dir.resolve(HTML), ReportHtml.render(report));
  }

  /** Written aside, then moved: a reader never sees half a report. */
  private static void replace(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
