package org.playhead.license.ledger;

/**
 * Marks commands and replies of the license service's entities that cross the cluster: serialized
 * with Jackson CBOR (bound in this module's reference.conf). Records only, no polymorphic typing.
 */
public interface LicenseSerializable {}
