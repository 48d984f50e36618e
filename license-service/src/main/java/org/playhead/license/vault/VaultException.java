package org.playhead.license.vault;

/** The vault cannot give a key: misconfigured master keys or a corrupt row. Never carries a key. */
public final class VaultException extends RuntimeException {
  public VaultException(String message) {
    super(message);
  }
}
