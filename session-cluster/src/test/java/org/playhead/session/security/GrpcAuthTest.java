package org.playhead.session.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.grpc.GrpcServiceException;
import org.apache.pekko.grpc.javadsl.Metadata;
import org.apache.pekko.grpc.javadsl.MetadataBuilder;
import org.junit.jupiter.api.Test;

class GrpcAuthTest {
  private final SecuritySettings settings = Keys.settings();
  private final TokenMinter minter = new TokenMinter(settings, Clock.systemUTC());
  private final GrpcAuth auth = new GrpcAuth(new TokenVerifier(settings, Clock.systemUTC()));
  private final Principal.Player player =
      new Principal.Player("acc-1", "profile-1", "tv-1", "viewer-1");

  private static Metadata bearer(String token) {
    return new MetadataBuilder().addText("authorization", "Bearer " + token).build();
  }

  @Test
  void aValidTokenGivesThePrincipal() {
    assertEquals(player, auth.player(bearer(minter.mint(player, Duration.ofMinutes(5)))));
  }

  @Test
  void noTokenIsUnauthenticated() {
    var failure =
        assertThrows(GrpcServiceException.class, () -> auth.player(MetadataBuilder.empty()));
    assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
  }

  @Test
  void aForgedTokenIsUnauthenticated() {
    String foreign =
        new TokenMinter(Keys.settings(), Clock.systemUTC()).mint(player, Duration.ofMinutes(5));
    var failure = assertThrows(GrpcServiceException.class, () -> auth.player(bearer(foreign)));
    assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
  }

  @Test
  void anotherRolesTokenIsPermissionDenied() {
    String sre = minter.mint(new Principal.Sre("oncall-1"), Duration.ofMinutes(5));
    var failure = assertThrows(GrpcServiceException.class, () -> auth.player(bearer(sre)));
    assertEquals(Status.Code.PERMISSION_DENIED, failure.getStatus().getCode());
  }

  @Test
  void outOfScopeIsPermissionDenied() {
    assertEquals(
        Status.Code.PERMISSION_DENIED,
        GrpcAuth.outOfScope("another account").getStatus().getCode());
  }
}
