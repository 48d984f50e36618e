package org.playhead.session.security;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Mints a token for local use with the node's own settings: the role keys from the environment,
 * else the dev keys file ({@code ./playhead token --role player --account acc-1 --profile p1
 * --device tv-1}). Prints the token alone on stdout, so {@code TOKEN=$(./playhead token ...)}
 * works.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Prints a signed bearer token for local use.")
public final class MintTokenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--role",
      required = true,
      description = "player, care, sre or packager",
      converter = RoleConverter.class)
  Role role;

  @Option(names = "--account", description = "player: the account id")
  String account;

  @Option(names = "--profile", description = "player: the profile id")
  String profile;

  @Option(names = "--device", description = "player: the device id")
  String device;

  @Option(
      names = "--subject",
      description = "sub: the viewer, agent or operator id (default: dev-<role>)")
  String subject;

  @Option(
      names = "--ttl",
      defaultValue = "1h",
      description = "how long the token lives: 90s, 30m, 1h, 2d (default: ${DEFAULT-VALUE})",
      converter = DurationConverter.class)
  Duration ttl;

  @Option(
      names = "--keys-file",
      defaultValue = "${env:PLAYHEAD_DEV_KEYS_FILE:-.playhead/dev-keys.json}",
      description = "dev keys file, created if missing (default: ${DEFAULT-VALUE})")
  Path keysFile;

  public static void main(String[] args) {
    System.exit(new CommandLine(new MintTokenCommand()).execute(args));
  }

  @Override
  public Integer call() {
    String sub = subject != null ? subject : "dev-" + role.configName();
    Principal principal =
        switch (role) {
          case PLAYER -> {
            if (account == null || profile == null || device == null) {
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "A player token needs --account, --profile and --device.");
            }
            yield new Principal.Player(account, profile, device, sub);
          }
          case CARE -> new Principal.CareAgent(sub);
          case SRE -> new Principal.Sre(sub);
          case PACKAGER -> new Principal.Packager(sub);
        };
    SecuritySettings settings = SecuritySettings.fromConfig(config(keysFile));
    String token = new TokenMinter(settings, Clock.systemUTC()).mint(principal, ttl);
    spec.commandLine().getOut().println(token);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The node's config, with the dev keys file as the fallback for roles without a key. */
  static Config config(Path keysFile) {
    return ConfigFactory.parseMap(
            Map.of("playhead.security.dev-keys-file", keysFile.toAbsolutePath().toString()))
        .withFallback(ConfigFactory.load());
  }

  static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      for (Role r : Role.values()) {
        if (r.configName().equalsIgnoreCase(value)) {
          return r;
        }
      }
      throw new CommandLine.TypeConversionException("expected player, care, sre or packager");
    }
  }

  /** HOCON durations (1h, 30m, 90s, 2d), as in the node's config. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      if (!value.matches("[0-9]+ ?[a-z]*")) {
        throw new CommandLine.TypeConversionException("expected a duration like 90s, 30m, 1h");
      }
      try {
        Duration d = ConfigFactory.parseString("d = \"" + value + "\"").getDuration("d");
        if (d.isZero()) {
          throw new CommandLine.TypeConversionException("must be positive");
        }
        return d;
      } catch (ConfigException e) {
        throw new CommandLine.TypeConversionException("expected a duration like 90s, 30m, 1h");
      }
    }
  }
}
