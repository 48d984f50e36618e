package org.playhead.license.audit;

import java.util.List;
import java.util.Objects;

/**
 * One time raw content keys left the vault (or entered it): who, when, which title and key ids.
 * Never the keys.
 *
 * @param exportId unique per export, so two in the same millisecond are both kept
 * @param packager the packager token's subject
 * @param action {@code get-or-create} (keys went out) or {@code import} (keys came in)
 * @param trackTypes the track types, in the order of {@code keyIds}
 * @param keyIds the key ids (hex)
 */
public record KeyExport(
    String titleId,
    long atMs,
    String exportId,
    String packager,
    String action,
    List<String> trackTypes,
    List<String> keyIds) {

  public static final String GET_OR_CREATE = "get-or-create";
  public static final String IMPORT = "import";

  public KeyExport {
    Objects.requireNonNull(titleId, "titleId");
    Objects.requireNonNull(exportId, "exportId");
    Objects.requireNonNull(packager, "packager");
    Objects.requireNonNull(action, "action");
    trackTypes = List.copyOf(trackTypes);
    keyIds = List.copyOf(keyIds);
  }
}
