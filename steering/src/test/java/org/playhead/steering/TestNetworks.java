package org.playhead.steering;

/** Small delivery networks for tests, written as files. */
final class TestNetworks {
  private TestNetworks() {}

  static DeliveryNetwork parse(String text) {
    try {
      return DeliveryNetworkFile.parse(text);
    } catch (NetworkFileException e) {
      throw new AssertionError(e.faults().toString(), e);
    }
  }

  /**
   * An ISP (81.2.0.0/16, 2a02:c7f::/32) with two embedded caches, one of which also announces a
   * more specific /24; an exchange cache for the whole ISP; transit for 81.0.0.0/8; a partner CDN
   * for everything.
   */
  static final String ISP =
      """
      # test network
      origin origin https://origin.example.net/media/
      cache emb-a site=lhr tier=embedded capacity-gbps=100 url=https://emb-a.example.net/media/
      cache emb-b site=lhr tier=embedded capacity-gbps=100 url=https://emb-b.example.net/media/
      cache emb-c site=man tier=embedded capacity-gbps=100 url=https://emb-c.example.net/media/
      cache ix-1 site=linx tier=exchange capacity-gbps=400 url=https://ix-1.example.net/media/
      cache transit-1 site=fra tier=transit capacity-gbps=800 url=https://transit-1.example.net/media/
      cache partner site=any tier=partner capacity-gbps=10000 url=https://cdn.partner.example/media/
      prefix emb-a 81.2.0.0/16 2a02:c7f::/32
      prefix emb-b 81.2.0.0/16 2a02:c7f::/32
      prefix emb-c 81.2.69.0/24 2a02:c7f:1234::/48
      prefix ix-1 81.2.0.0/16
      prefix ix-1 2a02:c7f::/32
      prefix transit-1 81.0.0.0/8
      prefix partner 0.0.0.0/0 ::/0
      """;
}
