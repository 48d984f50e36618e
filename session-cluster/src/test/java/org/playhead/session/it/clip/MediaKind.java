package org.playhead.session.it.clip;

/** The two kinds of track a test clip has, named as an MPD's AdaptationSet@contentType does. */
public enum MediaKind {
  VIDEO("video"),
  AUDIO("audio");

  private final String contentType;

  MediaKind(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  public static MediaKind ofContentType(String contentType) {
    for (MediaKind kind : values()) {
      if (kind.contentType.equals(contentType)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("not an audio or video adaptation set: " + contentType);
  }
}
