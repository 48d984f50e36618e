package org.playhead.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryNetworkFileTest {

  @Test
  void readsCachesPrefixesAndTheOrigin() {
    DeliveryNetwork network = TestNetworks.parse(TestNetworks.ISP);

    assertEquals(new Origin("origin", "https://origin.example.net/media/"), network.origin());
    assertEquals(6, network.caches().size());
    Cache embA = network.cache("emb-a").orElseThrow();
    assertEquals(Tier.EMBEDDED, embA.tier());
    assertEquals("lhr", embA.site());
    assertEquals(100.0, embA.capacityGbps());
    assertEquals(List.of("81.2.0.0/16", "2a02:c7f::/32"), embA.prefixes());
    assertEquals(Tier.PARTNER, network.cache("partner").orElseThrow().tier());
    assertEquals(7, network.prefixes().prefixCount(), "distinct prefix blocks");
    assertEquals(16, network.version().length());
  }

  @Test
  void theVersionFollowsTheText() {
    String other = TestNetworks.ISP.replace("capacity-gbps=400", "capacity-gbps=500");
    assertNotEquals(
        TestNetworks.parse(TestNetworks.ISP).version(), TestNetworks.parse(other).version());
    assertEquals(
        TestNetworks.parse(TestNetworks.ISP).version(),
        TestNetworks.parse(TestNetworks.ISP).version());
  }

  @Test
  void addsTheMissingTrailingSlash() {
    DeliveryNetwork network =
        TestNetworks.parse(
            """
            origin o http://127.0.0.1:8081
            cache c site=s tier=transit capacity-gbps=1 url=http://127.0.0.1:8082/media
            prefix c 127.0.0.0/8
            """);
    assertEquals("http://127.0.0.1:8081/", network.origin().baseUrl());
    assertEquals("http://127.0.0.1:8082/media/", network.caches().get(0).baseUrl());
  }

  private static final String ORIGIN = "origin o https://o.example/\n";
  private static final String CACHE =
      "cache c site=s tier=embedded capacity-gbps=10 url=https://c.example/\n";

  /** Each bad file is refused whole, naming the line at fault. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          unknown directive     | 3 | unknown directive 'route'        | route c 10.0.0.0/8
          bad tier              | 3 | unknown tier 'edge'              | cache d site=s tier=edge capacity-gbps=1 url=https://d.example/
          capacity not a number | 3 | capacity-gbps must be           | cache d site=s tier=transit capacity-gbps=lots url=https://d.example/
          capacity zero         | 3 | capacity-gbps must be           | cache d site=s tier=transit capacity-gbps=0 url=https://d.example/
          missing url           | 3 | has no url=                     | cache d site=s tier=transit capacity-gbps=1
          unknown field         | 3 | unknown field 'weight'          | cache d site=s tier=transit capacity-gbps=1 url=https://d.example/ weight=3
          bad url scheme        | 3 | absolute http or https          | cache d site=s tier=transit capacity-gbps=1 url=ftp://d.example/
          url with query        | 3 | no user, query or fragment      | cache d site=s tier=transit capacity-gbps=1 url=https://d.example/?a=1
          duplicate id          | 3 | already declared on line 2      | cache c site=s tier=transit capacity-gbps=1 url=https://d.example/
          id clashes origin     | 3 | already declared on line 1      | cache o site=s tier=transit capacity-gbps=1 url=https://d.example/
          bad id                | 3 | must be 1-64 of                 | cache d/e site=s tier=transit capacity-gbps=1 url=https://d.example/
          host bits set         | 3 | did you mean 10.1.2.0/24?       | prefix c 10.1.2.3/24
          not a prefix          | 3 | is not a prefix                 | prefix c 10.1.2.3
          not an address        | 3 | is not an IP prefix             | prefix c 10.1.2.300/24
          ipv6 host bits        | 3 | did you mean 2001:db8::/32?     | prefix c 2001:db8::1/32
          unknown cache         | 3 | prefix for unknown cache nope   | prefix nope 10.0.0.0/8
          origin prefix         | 3 | takes no prefix lines           | prefix o 10.0.0.0/8
          twice                 | 3 | announces 10.0.0.0/8 twice      | prefix c 10.0.0.0/8 10.0.0.0/8
          second origin         | 3 | a second origin line            | origin p https://p.example/
          """)
  void refusesBadLinesWithTheirNumbers(String name, int line, String message, String badLine) {
    String text = ORIGIN + CACHE + badLine + "\nprefix c 192.0.2.0/24\n";
    NetworkFileException e =
        assertThrows(NetworkFileException.class, () -> DeliveryNetworkFile.parse(text));
    NetworkFileException.Fault first = e.faults().get(0);
    assertEquals(line, first.line(), e.faults().toString());
    assertTrue(first.message().contains(message), first.message());
    assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
  }

  @Test
  void faultsOfTheWholeFile() {
    NetworkFileException noOrigin =
        assertThrows(
            NetworkFileException.class,
            () -> DeliveryNetworkFile.parse(CACHE + "prefix c 10.0.0.0/8\n"));
    assertEquals(0, noOrigin.faults().get(0).line());
    assertTrue(noOrigin.getMessage().contains("no origin line"));

    NetworkFileException silent =
        assertThrows(NetworkFileException.class, () -> DeliveryNetworkFile.parse(ORIGIN + CACHE));
    assertEquals(2, silent.faults().get(0).line());
    assertTrue(silent.getMessage().contains("announces no prefix"));
  }

  @Test
  void listsSeveralFaultsUpToALimit() {
    StringBuilder text = new StringBuilder(ORIGIN + CACHE + "prefix c 10.0.0.0/8\n");
    for (int i = 0; i < 50; i++) {
      text.append("prefix c 10.0.0.").append(i + 1).append("/24\n");
    }
    NetworkFileException e =
        assertThrows(NetworkFileException.class, () -> DeliveryNetworkFile.parse(text.toString()));
    assertEquals(DeliveryNetworkFile.MAX_FAULTS, e.faults().size());
    assertEquals(4, e.faults().get(0).line());
    assertEquals(5, e.faults().get(1).line());
  }
}
