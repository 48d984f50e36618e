package org.playhead.session.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MintTokenCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new MintTokenCommand())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(code, out.toString().strip(), err.toString());
  }

  private Verification verify(String token, Role role) {
    SecuritySettings settings =
        SecuritySettings.fromConfig(MintTokenCommand.config(dir.resolve("dev-keys.json")));
    return new TokenVerifier(settings, Clock.systemUTC()).verify(token, role);
  }

  @Test
  void printsAPlayerTokenTheNodeAccepts() {
    Instant before = Instant.now();
    Run run =
        run(
            "--role",
            "player",
            "--account",
            "acc-1",
            "--profile",
            "p1",
            "--device",
            "tv-1",
            "--ttl",
            "90s",
            "--keys-file",
            dir.resolve("dev-keys.json").toString());

    assertEquals(0, run.exitCode(), run.err());
    var verified = assertInstanceOf(Verification.Verified.class, verify(run.out(), Role.PLAYER));
    assertEquals(new Principal.Player("acc-1", "p1", "tv-1", "dev-player"), verified.principal());
    Duration lifetime = Duration.between(before, verified.expiresAt());
    assertTrue(lifetime.compareTo(Duration.ofSeconds(88)) > 0, lifetime.toString());
    assertTrue(lifetime.compareTo(Duration.ofSeconds(92)) < 0, lifetime.toString());
  }

  @Test
  void printsCareAndSreTokens() {
    String keys = dir.resolve("dev-keys.json").toString();
    Run care = run("--role", "care", "--subject", "agent-7", "--keys-file", keys);
    Run sre = run("--role", "SRE", "--ttl", "1h", "--keys-file", keys);
    Run packager = run("--role", "packager", "--subject", "pipeline-1", "--keys-file", keys);

    assertEquals(
        new Principal.CareAgent("agent-7"),
        assertInstanceOf(Verification.Verified.class, verify(care.out(), Role.CARE)).principal());
    assertEquals(
        new Principal.Sre("dev-sre"),
        assertInstanceOf(Verification.Verified.class, verify(sre.out(), Role.SRE)).principal());
    assertEquals(
        new Principal.Packager("pipeline-1"),
        assertInstanceOf(Verification.Verified.class, verify(packager.out(), Role.PACKAGER))
            .principal());
  }

  @Test
  void aPlayerTokenNeedsItsScope() {
    Run run =
        run("--role", "player", "--account", "acc-1", "--keys-file", dir.resolve("k").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--profile"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertEquals(2, run("--role", "admin").exitCode());
    assertEquals(2, run("--role", "care", "--ttl", "soon").exitCode());
    assertEquals(2, run("--role", "care", "--ttl", "0s").exitCode());
  }
}
