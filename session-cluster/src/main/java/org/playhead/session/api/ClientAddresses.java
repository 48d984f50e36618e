package org.playhead.session.api;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The client address steering decides by, worked out once per request by the node ({@link
 * #stamped}) from the connection and, only behind a trusted proxy, its forwarding headers ({@link
 * TrustedProxies}), and carried in {@link #HEADER} to HTTP routes and gRPC handlers alike (gRPC
 * handlers see no connection). Any such header the client sent is replaced.
 */
public final class ClientAddresses {
  public static final String HEADER = "x-playhead-client-address";

  /** The base URL the gRPC request reached ({@code http://host:port}), stamped likewise. */
  public static final String BASE_URL_HEADER = "x-playhead-base-url";

  /** What steering uses when no address is known: it matches only catch-all prefixes. */
  static final String UNKNOWN = "::";

  private ClientAddresses() {}

  static String text(InetAddress address) {
    String text = address.getHostAddress();
    int zone = text.indexOf('%');
    return zone < 0 ? text : text.substring(0, zone);
  }

  /** The request with {@link #HEADER} set to its client's address. */
  public static HttpRequest stamped(HttpRequest request, TrustedProxies proxies) {
    String peer =
        TrustedProxies.text(
            request
                .getAttribute(org.apache.pekko.http.javadsl.model.AttributeKeys.remoteAddress)
                .flatMap(RemoteAddress::getAddress));
    List<String> forwardedFor = new ArrayList<>();
    List<String> forwarded = new ArrayList<>();
    for (HttpHeader header : request.getHeaders()) {
      if (header.is("x-forwarded-for")) {
        forwardedFor.add(header.value());
      } else if (header.is("forwarded")) {
        forwarded.add(header.value());
      }
    }
    String client = proxies.client(peer, forwardedFor, forwarded);
    return request
        .removeHeader(HEADER)
        .removeHeader(BASE_URL_HEADER)
        .addHeader(RawHeader.create(HEADER, client))
        .addHeader(RawHeader.create(BASE_URL_HEADER, BaseUrls.of(request.getUri())));
  }

  /** The stamped base URL of a gRPC request (empty if unknown: the report URL is then a path). */
  static String baseUrlFromGrpc(org.apache.pekko.grpc.javadsl.Metadata metadata) {
    return metadata.getText(BASE_URL_HEADER).orElse("");
  }

  /** The stamped address of a request (for HTTP routes). */
  static String of(HttpRequest request) {
    return request.getHeader(HEADER).map(HttpHeader::value).orElse(UNKNOWN);
  }

  /** The stamped address of a gRPC request. */
  static String fromGrpc(org.apache.pekko.grpc.javadsl.Metadata metadata) {
    return metadata.getText(HEADER).orElse(UNKNOWN);
  }
}
