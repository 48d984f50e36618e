package org.playhead.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressTest {
  private final ClientAddress address = new ClientAddress();

  @Test
  void readsDottedQuads() {
    assertTrue(address.parse("81.2.69.160"));
    assertTrue(address.isV4());
    assertEquals(0x510245a0, address.v4());
    assertTrue(address.parse("255.255.255.255"));
    assertEquals(-1, address.v4());
    assertTrue(address.parse("0.0.0.0"));
    assertEquals(0, address.v4());
  }

  @Test
  void readsIpv6InEveryTextualForm() {
    assertTrue(address.parse("2001:db8::1"));
    assertFalse(address.isV4());
    assertEquals(0x20010db800000000L, address.hi());
    assertEquals(1L, address.lo());
    assertTrue(address.parse("2001:0DB8:0000:0000:0000:0000:0000:0001"));
    assertEquals(0x20010db800000000L, address.hi());
    assertEquals(1L, address.lo());
    assertTrue(address.parse("::"));
    assertEquals(0, address.hi());
    assertEquals(0, address.lo());
    assertTrue(address.parse("fe80::"));
    assertEquals(0xfe80000000000000L, address.hi());
    assertTrue(address.parse("::2:3:4:5:6:7:8"));
    assertEquals(0x0000000200030004L, address.hi());
    assertTrue(address.parse("64:ff9b::192.0.2.33"));
    assertFalse(address.isV4());
    assertEquals(0xc0000221L, address.lo());
  }

  @Test
  void ipv4MappedIpv6IsIpv4() {
    assertTrue(address.parse("::ffff:81.2.69.160"));
    assertTrue(address.isV4());
    assertEquals(0x510245a0, address.v4());
    assertTrue(address.parse("::ffff:5102:45a0"));
    assertTrue(address.isV4());
    assertEquals(0x510245a0, address.v4());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "01.2.3.4",
        "1..2.3",
        "1.2.3.4.",
        "a.b.c.d",
        "1.2.3.4/24",
        "2001:db8::1::2",
        "2001:db8:::1",
        ":1",
        "1:",
        "12345::",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "fe80::1%eth0",
        "[2001:db8::1]",
        "::ffff:1.2.3.256",
        "1:2:3:4:5:6:7:1.2.3.4",
        "g::1",
        "not an address",
        "81.2.69.160 "
      })
  void refusesWhatIsNoAddress(String text) {
    assertFalse(address.parse(text), text);
  }

  @Test
  void agreesWithTheIpaddressLibraryOnRandomAddresses() {
    Random random = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      IPAddress expected;
      if (random.nextBoolean()) {
        expected = new inet.ipaddr.ipv4.IPv4Address(random.nextInt());
      } else {
        // Runs of zero groups, so that the compressed forms get exercised.
        long hi = random.nextBoolean() ? random.nextLong() : random.nextLong() & 0xffff0000ffffL;
        long lo = random.nextBoolean() ? random.nextLong() : random.nextLong() & 0xffffL;
        expected = new inet.ipaddr.ipv6.IPv6Address(hi, lo);
        if (expected.toIPv6().isIPv4Mapped()) {
          continue;
        }
      }
      for (String text :
          new String[] {
            expected.toCanonicalString(),
            expected.isIPv4() ? expected.toCanonicalString() : expected.toFullString(),
            expected.toCompressedString()
          }) {
        assertTrue(address.parse(text), text);
        IPAddress parsed = new IPAddressString(address.toString()).getAddress();
        assertEquals(expected, parsed, text);
      }
    }
  }
}
