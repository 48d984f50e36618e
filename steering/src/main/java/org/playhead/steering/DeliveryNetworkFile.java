package org.playhead.steering;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The delivery-network file: a line-oriented text an SRE can read, diff and review.
 *
 * <pre>
 * # comments and blank lines are ignored
 * origin  origin-1  https://origin.example.net/media/
 * cache   oca-lhr-1 site=lhr tier=embedded capacity-gbps=100 url=https://oca-lhr-1.example.net/media/
 * prefix  oca-lhr-1 81.2.69.0/24 2a02:c7f::/32
 * </pre>
 *
 * <ul>
 *   <li>{@code origin ID URL}: exactly one; the fallback that ends every answer.
 *   <li>{@code cache ID site=S tier=T capacity-gbps=N url=URL}: {@code T} is {@code embedded},
 *       {@code exchange}, {@code transit} or {@code partner}; ids are unique across caches and the
 *       origin.
 *   <li>{@code prefix CACHE-ID CIDR...}: client prefixes the cache serves (its BGP announcements),
 *       IPv4 or IPv6, host bits zero; any number of lines per cache, in any order relative to its
 *       {@code cache} line. Every cache announces at least one.
 * </ul>
 *
 * Ids are pathway ids for players: 1-64 of {@code [A-Za-z0-9._-]}. URLs are absolute http(s)
 * without query or fragment; a missing trailing {@code /} is added.
 *
 * <p>The file is accepted or refused whole: {@link #parse} lists every fault with its line (up to
 * {@link #MAX_FAULTS}), and the caller keeps the network it had.
 */
public final class DeliveryNetworkFile {
  public static final int MAX_FAULTS = 20;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final double MAX_CAPACITY_GBPS = 100_000;

  private DeliveryNetworkFile() {}

  public static DeliveryNetwork parse(String text) throws NetworkFileException {
    return new Parser().parse(text);
  }

  /** The version of a file's text: the first 16 hex digits of its SHA-256. */
  public static String versionOf(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static final class Parser {
    private final List<NetworkFileException.Fault> faults = new ArrayList<>();
    private Origin origin;
    private final Map<String, Cache> caches = new LinkedHashMap<>();
    private final Map<String, Integer> cacheLines = new HashMap<>();
    private final Map<String, List<IPAddress>> prefixes = new HashMap<>();
    private final Map<String, Set<IPAddress>> seen = new HashMap<>();
    private final List<PendingPrefix> prefixLines = new ArrayList<>();

    private record PendingPrefix(int line, String cacheId) {}

    DeliveryNetwork parse(String text) throws NetworkFileException {
      String[] lines = text.split("\r?\n", -1);
      for (int i = 0; i < lines.length && faults.size() < MAX_FAULTS; i++) {
        line(i + 1, lines[i]);
      }
      if (faults.size() < MAX_FAULTS) {
        wholeFile();
      }
      if (!faults.isEmpty()) {
        throw new NetworkFileException(faults);
      }
      List<Cache> list = new ArrayList<>();
      PrefixTable.Builder table = new PrefixTable.Builder();
      for (Cache draft : caches.values()) {
        List<IPAddress> announced = prefixes.get(draft.id());
        int index = list.size();
        List<String> texts = new ArrayList<>(announced.size());
        for (IPAddress p : announced) {
          table.announce(p, index);
          texts.add(p.toCanonicalString());
        }
        list.add(
            new Cache(
                draft.id(),
                draft.site(),
                draft.tier(),
                draft.capacityGbps(),
                draft.baseUrl(),
                texts));
      }
      return new DeliveryNetwork(
          versionOf(text), origin, list, table.build(i -> list.get(i).tier().ordinal()));
    }

    private void line(int number, String raw) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        return;
      }
      String[] words = line.split("\\s+");
      switch (words[0]) {
        case "origin" -> origin(number, words);
        case "cache" -> cache(number, words);
        case "prefix" -> prefix(number, words);
        default ->
            fault(
                number,
                "unknown directive '" + shorten(words[0]) + "' (expected origin, cache or prefix)");
      }
    }

    private void origin(int number, String[] words) {
      if (words.length != 3) {
        fault(number, "expected: origin ID URL");
        return;
      }
      if (origin != null) {
        fault(number, "a second origin line (there is exactly one)");
        return;
      }
      String id = words[1];
      if (!validId(number, id) || !uniqueId(number, id)) {
        return;
      }
      baseUrl(number, words[2]).ifPresent(url -> origin = new Origin(id, url));
      if (origin != null) {
        cacheLines.put(id, number);
      }
    }

    private void cache(int number, String[] words) {
      if (words.length < 2) {
        fault(number, "expected: cache ID site=S tier=T capacity-gbps=N url=URL");
        return;
      }
      String id = words[1];
      if (!validId(number, id) || !uniqueId(number, id)) {
        return;
      }
      Map<String, String> fields = new HashMap<>();
      for (int i = 2; i < words.length; i++) {
        int eq = words[i].indexOf('=');
        if (eq <= 0) {
          fault(number, "expected key=value, found '" + shorten(words[i]) + "'");
          return;
        }
        String key = words[i].substring(0, eq);
        if (!Set.of("site", "tier", "capacity-gbps", "url").contains(key)) {
          fault(number, "unknown field '" + shorten(key) + "' (site, tier, capacity-gbps, url)");
          return;
        }
        if (fields.put(key, words[i].substring(eq + 1)) != null) {
          fault(number, "field " + key + " given twice");
          return;
        }
      }
      for (String required : List.of("site", "tier", "capacity-gbps", "url")) {
        if (!fields.containsKey(required)) {
          fault(number, "cache " + id + " has no " + required + "=");
          return;
        }
      }
      String site = fields.get("site");
      if (!ID.matcher(site).matches()) {
        fault(number, "site must be 1-64 of [A-Za-z0-9._-]");
        return;
      }
      Optional<Tier> tier = Tier.fromFileName(fields.get("tier").toLowerCase(Locale.ROOT));
      if (tier.isEmpty()) {
        fault(
            number,
            "unknown tier '"
                + shorten(fields.get("tier"))
                + "' (embedded, exchange, transit, partner)");
        return;
      }
      double capacity;
      try {
        capacity = Double.parseDouble(fields.get("capacity-gbps"));
      } catch (NumberFormatException e) {
        capacity = Double.NaN;
      }
      if (!(capacity > 0 && capacity <= MAX_CAPACITY_GBPS)) {
        fault(number, "capacity-gbps must be a number above 0 and at most 100000");
        return;
      }
      double finalCapacity = capacity;
      baseUrl(number, fields.get("url"))
          .ifPresent(
              url -> {
                caches.put(id, new Cache(id, site, tier.get(), finalCapacity, url, List.of()));
                cacheLines.put(id, number);
                prefixes.putIfAbsent(id, new ArrayList<>());
              });
    }

    private void prefix(int number, String[] words) {
      if (words.length < 3) {
        fault(number, "expected: prefix CACHE-ID CIDR...");
        return;
      }
      String id = words[1];
      if (!validId(number, id)) {
        return;
      }
      prefixLines.add(new PendingPrefix(number, id));
      List<IPAddress> announced = prefixes.computeIfAbsent(id, k -> new ArrayList<>());
      Set<IPAddress> already = seen.computeIfAbsent(id, k -> new HashSet<>());
      for (int i = 2; i < words.length; i++) {
        IPAddress prefix = cidr(number, words[i]);
        if (prefix == null) {
          return;
        }
        if (!already.add(prefix)) {
          fault(number, "cache " + id + " announces " + words[i] + " twice");
          return;
        }
        announced.add(prefix);
      }
    }

    /** Faults only the whole file can show: references, the origin, caches without prefixes. */
    private void wholeFile() {
      if (origin == null) {
        fault(0, "no origin line (exactly one is required: the fallback of every answer)");
      }
      for (PendingPrefix p : prefixLines) {
        if (!caches.containsKey(p.cacheId())) {
          fault(
              p.line(),
              origin != null && origin.id().equals(p.cacheId())
                  ? "the origin serves every address: it takes no prefix lines"
                  : "prefix for unknown cache " + p.cacheId());
          if (faults.size() >= MAX_FAULTS) {
            return;
          }
        }
      }
      for (Cache c : caches.values()) {
        if (prefixes.get(c.id()).isEmpty()) {
          fault(cacheLines.get(c.id()), "cache " + c.id() + " announces no prefix");
          if (faults.size() >= MAX_FAULTS) {
            return;
          }
        }
      }
    }

    private IPAddress cidr(int number, String text) {
      IPAddressString parsed = new IPAddressString(text);
      IPAddress address;
      try {
        address = parsed.toAddress();
      } catch (AddressStringException e) {
        fault(number, "'" + shorten(text) + "' is not an IP prefix: " + e.getMessage());
        return null;
      }
      if (address == null || !parsed.isPrefixed() || address.getPrefixLength() == null) {
        fault(number, "'" + shorten(text) + "' is not a prefix (write ADDRESS/LENGTH)");
        return null;
      }
      if (address.isMultiple() && !address.isPrefixBlock()) {
        fault(number, "'" + shorten(text) + "' is not a prefix (write ADDRESS/LENGTH)");
        return null;
      }
      IPAddress block = address.toPrefixBlock();
      if (!address
          .getLower()
          .withoutPrefixLength()
          .equals(block.getLower().withoutPrefixLength())) {
        fault(
            number,
            "'"
                + shorten(text)
                + "' has host bits set; did you mean "
                + block.toCanonicalString()
                + "?");
        return null;
      }
      return block;
    }

    private Optional<String> baseUrl(int number, String text) {
      URI uri;
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        fault(number, "'" + shorten(text) + "' is not a URL: " + e.getReason());
        return Optional.empty();
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        fault(number, "'" + shorten(text) + "' must be an absolute http or https URL");
        return Optional.empty();
      }
      if (uri.getHost() == null
          || uri.getRawUserInfo() != null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        fault(number, "'" + shorten(text) + "' needs a host and no user, query or fragment");
        return Optional.empty();
      }
      String url = uri.toString();
      return Optional.of(url.endsWith("/") ? url : url + "/");
    }

    private boolean validId(int number, String id) {
      if (!ID.matcher(id).matches()) {
        fault(number, "id '" + shorten(id) + "' must be 1-64 of [A-Za-z0-9._-]");
        return false;
      }
      return true;
    }

    private boolean uniqueId(int number, String id) {
      Integer first = cacheLines.get(id);
      if (first != null) {
        fault(number, "id " + id + " is already declared on line " + first);
        return false;
      }
      return true;
    }

    private void fault(int line, String message) {
      faults.add(new NetworkFileException.Fault(line, message));
    }

    private static String shorten(String s) {
      return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
  }
}
