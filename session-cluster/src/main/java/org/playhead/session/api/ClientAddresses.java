package org.playhead.session.api;

import java.net.InetAddress;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The client address steering decides by. HTTP routes take it from {@code X-Forwarded-For} (set by
 * a load balancer) or the connection; gRPC handlers cannot see the connection, so the node copies
 * the same address into {@link #HEADER} before a gRPC request reaches them (any such header the
 * client sent is replaced).
 */
public final class ClientAddresses {
  public static final String HEADER = "x-playhead-client-address";

  /** The base URL the gRPC request reached ({@code http://host:port}), stamped likewise. */
  public static final String BASE_URL_HEADER = "x-playhead-base-url";

  /** What steering uses when no address is known: it matches only catch-all prefixes. */
  static final String UNKNOWN = "::";

  private ClientAddresses() {}

  static String of(RemoteAddress remote) {
    return remote.getAddress().map(ClientAddresses::text).orElse(UNKNOWN);
  }

  static String text(InetAddress address) {
    String text = address.getHostAddress();
    int zone = text.indexOf('%');
    return zone < 0 ? text : text.substring(0, zone);
  }

  /** The request with {@link #HEADER} set from its connection (or forwarded-for header). */
  public static HttpRequest stamped(HttpRequest request) {
    Optional<InetAddress> forwarded =
        request
            .getHeader(org.apache.pekko.http.javadsl.model.headers.XForwardedFor.class)
            .flatMap(h -> h.getAddresses().iterator().next().getAddress());
    Optional<InetAddress> address =
        forwarded.isPresent()
            ? forwarded
            : request
                .getAttribute(org.apache.pekko.http.javadsl.model.AttributeKeys.remoteAddress)
                .flatMap(RemoteAddress::getAddress);
    HttpRequest cleaned = request.removeHeader(HEADER).removeHeader(BASE_URL_HEADER);
    return cleaned
        .addHeader(RawHeader.create(HEADER, address.map(ClientAddresses::text).orElse(UNKNOWN)))
        .addHeader(RawHeader.create(BASE_URL_HEADER, BaseUrls.of(request.getUri())));
  }

  /** The stamped base URL of a gRPC request (empty if unknown: the report URL is then a path). */
  static String baseUrlFromGrpc(org.apache.pekko.grpc.javadsl.Metadata metadata) {
    return metadata.getText(BASE_URL_HEADER).orElse("");
  }

  /** The stamped address of a gRPC request. */
  static String fromGrpc(org.apache.pekko.grpc.javadsl.Metadata metadata) {
    return metadata.getText(HEADER).orElse(UNKNOWN);
  }
}
