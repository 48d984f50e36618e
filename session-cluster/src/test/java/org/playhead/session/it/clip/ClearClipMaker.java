package org.playhead.session.it.clip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a short clear test clip with Debian's ffmpeg: a moving test pattern (H.264 constrained
 * baseline, 320x180, 25 fps, a key frame every second) and a 440 Hz tone (AAC-LC stereo), as
 * fragmented-MP4 DASH with one adaptation set per track and one-second segments. Baseline keeps the
 * video free of B-frames, so decode and presentation order agree and no composition offsets need
 * carrying through the encryption.
 */
public final class ClearClipMaker {
  static final String MANIFEST = "manifest.mpd";
  private static final Duration FFMPEG_TIMEOUT = Duration.ofSeconds(60);

  private ClearClipMaker() {}

  /** Writes the clip into {@code directory} (created if needed) and returns it. */
  public static DashClip make(Path directory, Duration length) throws IOException {
    if (length.isNegative() || length.isZero() || length.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("a test clip lasts between 0 and 60 s: " + length);
    }
    Files.createDirectories(directory);
    String seconds = String.valueOf(length.toMillis() / 1000.0);
    List<String> command =
        List.of(
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=320x180:rate=25",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000",
            "-t",
            seconds,
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-c:v",
            "libx264",
            "-profile:v",
            "baseline",
            "-pix_fmt",
            "yuv420p",
            "-g",
            "25",
            "-keyint_min",
            "25",
            "-sc_threshold",
            "0",
            "-b:v",
            "300k",
            "-c:a",
            "aac",
            "-b:a",
            "64k",
            "-ac",
            "2",
            "-f",
            "dash",
            "-seg_duration",
            "1",
            "-use_template",
            "1",
            "-use_timeline",
            "1",
            "-adaptation_sets",
            "id=0,streams=v id=1,streams=a",
            MANIFEST);
    run(command, directory);
    return new DashClip(directory, MANIFEST);
  }

  /**
   * Writes a clear video-only clip into {@code directory} as DASH ({@code manifest.mpd}) and HLS
   * ({@code master.m3u8}) at once, one-second segments on a fixed template: what the steering tests
   * play with dash.js, Shaka and hls.js (no EME, no audio).
   */
  public static Path videoForSteering(Path directory, Duration length) throws IOException {
    Files.createDirectories(directory);
    List<String> command =
        List.of(
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=320x180:rate=25",
            "-t",
            String.valueOf(length.toSeconds()),
            "-c:v",
            "libx264",
            "-profile:v",
            "baseline",
            "-pix_fmt",
            "yuv420p",
            "-g",
            "25",
            "-keyint_min",
            "25",
            "-sc_threshold",
            "0",
            "-b:v",
            "300k",
            "-f",
            "dash",
            "-seg_duration",
            "1",
            "-use_template",
            "1",
            "-use_timeline",
            "0",
            "-hls_playlist",
            "1",
            "-init_seg_name",
            "init-$RepresentationID$.m4s",
            "-media_seg_name",
            "seg-$RepresentationID$-$Number$.m4s",
            MANIFEST);
    run(command, directory);
    return directory;
  }

  private static void run(List<String> command, Path directory) throws IOException {
    Path log = Files.createTempFile("playhead-ffmpeg-", ".log");
    try {
      Process ffmpeg =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!ffmpeg.waitFor(FFMPEG_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        ffmpeg.destroyForcibly().waitFor();
        throw new IOException("ffmpeg did not finish within " + FFMPEG_TIMEOUT);
      }
      if (ffmpeg.exitValue() != 0) {
        throw new IOException(
            "ffmpeg failed ("
                + ffmpeg.exitValue()
                + "): "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while ffmpeg ran", e);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
