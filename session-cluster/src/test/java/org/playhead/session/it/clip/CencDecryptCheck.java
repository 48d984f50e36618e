package org.playhead.session.it.clip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proves an encrypted clip right by taking it apart independently of the packager: for every
 * representation it reads the protection boxes of the init segment ({@code sinf}, {@code frma},
 * {@code schm}, {@code tenc}, {@code pssh}), and for every sample of every segment the IV and
 * subsample map from {@code senc} (checked against {@code saiz} and {@code saio}), decrypts the
 * protected ranges with AES-128-CTR as ISO/IEC 23001-7 section 10.1 says, and compares the result
 * with the clear clip's sample bytes. Any difference throws an {@link AssertionError}.
 */
public final class CencDecryptCheck {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * Visual and audio sample entries: fixed fields before their child boxes (14496-12, 12.1/12.2).
   */
  private static final int VISUAL_ENTRY_FIELDS = 78;

  private static final int AUDIO_ENTRY_FIELDS = 28;

  private CencDecryptCheck() {}

  /** What was checked, so a test can tell that the check covered something. */
  public record Result(int segments, int samples, long protectedBytes, long subsamples) {
    Result plus(Result other) {
      return new Result(
          segments + other.segments,
          samples + other.samples,
          protectedBytes + other.protectedBytes,
          subsamples + other.subsamples);
    }
  }

  public static Result verify(DashClip clear, DashClip encrypted, Map<MediaKind, ContentKey> keys)
      throws IOException {
    List<DashManifest.Representation> clearReps =
        DashManifest.read(clear.manifest()).representations();
    List<DashManifest.Representation> encryptedReps =
        DashManifest.read(encrypted.manifest()).representations();
    if (!clearReps.equals(encryptedReps)) {
      throw new AssertionError("the encrypted MPD names other segments than the clear one");
    }
    Result total = new Result(0, 0, 0, 0);
    for (DashManifest.Representation rep : clearReps) {
      total = total.plus(verifyRepresentation(clear, encrypted, rep, keys.get(rep.kind())));
    }
    return total;
  }

  private static Result verifyRepresentation(
      DashClip clear, DashClip encrypted, DashManifest.Representation rep, ContentKey key)
      throws IOException {
    byte[] clearInit = Files.readAllBytes(clear.directory().resolve(rep.initialization()));
    byte[] encInit = Files.readAllBytes(encrypted.directory().resolve(rep.initialization()));
    TrackSetup clearTrack = TrackSetup.read(clearInit, null);
    TrackSetup encTrack = TrackSetup.read(encInit, key);
    if (!encTrack.originalFormat().equals(clearTrack.sampleEntryType())) {
      throw new AssertionError(
          "frma says "
              + encTrack.originalFormat()
              + ", clear entry is "
              + clearTrack.sampleEntryType());
    }
    Result result = new Result(0, 0, 0, 0);
    for (String name : rep.mediaSegments()) {
      byte[] clearSegment = Files.readAllBytes(clear.directory().resolve(name));
      byte[] encSegment = Files.readAllBytes(encrypted.directory().resolve(name));
      Fragment clearFragment = Fragment.read(clearSegment, clearTrack);
      Fragment encFragment = Fragment.read(encSegment, encTrack);
      result = result.plus(compare(name, clearFragment, encFragment, encTrack, key));
    }
    return result;
  }

  private static Result compare(
      String segment, Fragment clear, Fragment enc, TrackSetup track, ContentKey key) {
    if (clear.baseMediaDecodeTime() != enc.baseMediaDecodeTime()) {
      throw new AssertionError(
          segment + ": tfdt " + enc.baseMediaDecodeTime() + " != " + clear.baseMediaDecodeTime());
    }
    if (clear.samples().size() != enc.samples().size()) {
      throw new AssertionError(segment + ": sample count differs");
    }
    List<SampleAux> aux = SampleAux.readSenc(enc, track.ivSize());
    checkAuxOffsets(segment, enc, aux, track.ivSize());
    long protectedBytes = 0;
    long subsamples = 0;
    for (int i = 0; i < clear.samples().size(); i++) {
      Sample c = clear.samples().get(i);
      Sample e = enc.samples().get(i);
      if (c.duration() != e.duration() || c.size() != e.size()) {
        throw new AssertionError(segment + " sample " + i + ": duration or size differs");
      }
      byte[] clearBytes = Arrays.copyOfRange(clear.file(), c.offset(), c.offset() + c.size());
      byte[] encBytes = Arrays.copyOfRange(enc.file(), e.offset(), e.offset() + e.size());
      SampleAux sampleAux = aux.get(i);
      boolean[] isProtected = sampleAux.protectedMap(e.size());
      if (track.nalLengthSize() > 0) {
        requireClearNalHeaders(segment, i, clearBytes, isProtected, track.nalLengthSize());
        if (sampleAux.subsamples().isEmpty()) {
          throw new AssertionError(segment + " sample " + i + ": video sample without subsamples");
        }
      }
      byte[] decrypted = decrypt(encBytes, isProtected, sampleAux.iv(), key);
      if (!Arrays.equals(decrypted, clearBytes)) {
        throw new AssertionError(
            segment + " sample " + i + ": decrypts to other bytes than the clear sample");
      }
      int protectedCount = 0;
      boolean changed = false;
      for (int b = 0; b < isProtected.length; b++) {
        if (isProtected[b]) {
          protectedCount++;
          changed |= encBytes[b] != clearBytes[b];
        } else if (encBytes[b] != clearBytes[b]) {
          throw new AssertionError(segment + " sample " + i + ": a clear byte was changed");
        }
      }
      if (protectedCount >= 16 && !changed) {
        throw new AssertionError(segment + " sample " + i + ": protected bytes are not encrypted");
      }
      protectedBytes += protectedCount;
      subsamples += sampleAux.subsamples().size();
    }
    return new Result(1, clear.samples().size(), protectedBytes, subsamples);
  }

  /** ISO/IEC 23001-7 10.2: each NAL unit's length field and header stay unencrypted. */
  private static void requireClearNalHeaders(
      String segment, int sample, byte[] clearBytes, boolean[] isProtected, int lengthSize) {
    int at = 0;
    while (at < clearBytes.length) {
      long length = 0;
      for (int b = 0; b < lengthSize; b++) {
        length = (length << 8) | (clearBytes[at + b] & 0xff);
      }
      for (int b = at; b <= at + lengthSize; b++) {
        if (isProtected[b]) {
          throw new AssertionError(
              segment + " sample " + sample + ": a NAL unit header is encrypted");
        }
      }
      at += lengthSize + (int) length;
    }
    if (at != clearBytes.length) {
      throw new AssertionError(segment + " sample " + sample + ": NAL lengths overrun the sample");
    }
  }

  /** AES-CTR over the protected bytes taken in order as one stream, counter block = IV || 0. */
  private static byte[] decrypt(byte[] sample, boolean[] isProtected, byte[] iv, ContentKey key) {
    try {
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key.keyBytes(), "AES"),
          new IvParameterSpec(Arrays.copyOf(iv, 16)));
      ByteBuffer stream = ByteBuffer.allocate(sample.length);
      for (int b = 0; b < sample.length; b++) {
        if (isProtected[b]) {
          stream.put(sample[b]);
        }
      }
      byte[] plain = aes.doFinal(stream.array(), 0, stream.position());
      byte[] out = sample.clone();
      int next = 0;
      for (int b = 0; b < sample.length; b++) {
        if (isProtected[b]) {
          out[b] = plain[next++];
        }
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** saiz must give each sample's auxiliary-information size; saio must point at the first IV. */
  private static void checkAuxOffsets(
      String segment, Fragment enc, List<SampleAux> aux, int ivSize) {
    ByteBuffer saiz = enc.traf().require("saiz").payload();
    int saizFlags = saiz.getInt() & 0xffffff;
    if ((saizFlags & 1) != 0) {
      saiz.position(saiz.position() + 8);
    }
    int defaultSize = saiz.get() & 0xff;
    int count = saiz.getInt();
    if (count != aux.size()) {
      throw new AssertionError(segment + ": saiz counts " + count + " samples, senc " + aux.size());
    }
    for (int i = 0; i < count; i++) {
      int size = defaultSize != 0 ? defaultSize : saiz.get() & 0xff;
      if (size != aux.get(i).auxSize(ivSize)) {
        throw new AssertionError(segment + ": saiz size of sample " + i + " is wrong");
      }
    }
    ByteBuffer saio = enc.traf().require("saio").payload();
    int versionFlags = saio.getInt();
    if ((versionFlags & 1) != 0) {
      saio.position(saio.position() + 8);
    }
    if (saio.getInt() != 1) {
      throw new AssertionError(segment + ": saio must have one offset for one trun");
    }
    long offset =
        (versionFlags >>> 24) == 0 ? Integer.toUnsignedLong(saio.getInt()) : saio.getLong();
    long firstIv = enc.traf().require("senc").payloadStart() + 8L;
    if (enc.moof().start() + offset != firstIv) {
      throw new AssertionError(
          segment
              + ": saio points at "
              + (enc.moof().start() + offset)
              + ", first IV is at "
              + firstIv);
    }
  }

  /** What an init segment says about its one track. */
  private record TrackSetup(
      String sampleEntryType,
      String originalFormat,
      int ivSize,
      int nalLengthSize,
      long defaultDuration,
      long defaultSize) {

    static TrackSetup read(byte[] init, ContentKey expectedKey) {
      Mp4Boxes.Box moov = Mp4Boxes.first(init, "moov");
      Mp4Boxes.Box stsd = moov.require("trak", "mdia", "minf", "stbl", "stsd");
      List<Mp4Boxes.Box> entries = stsd.sampleEntries();
      if (entries.size() != 1) {
        throw new AssertionError("expected one sample entry, found " + entries.size());
      }
      Mp4Boxes.Box entry = entries.get(0);
      String handler =
          new String(
              init,
              moov.require("trak", "mdia", "hdlr").payloadStart() + 8,
              4,
              StandardCharsets.ISO_8859_1);
      int fields = "vide".equals(handler) ? VISUAL_ENTRY_FIELDS : AUDIO_ENTRY_FIELDS;
      Mp4Boxes.Box entryLike =
          new Mp4Boxes.Box(
              init, entry.type(), entry.start(), entry.size(), entry.headerSize() + fields);
      ByteBuffer trex = moov.require("mvex", "trex").payload();
      trex.position(12);
      long defaultDuration = Integer.toUnsignedLong(trex.getInt());
      long defaultSize = Integer.toUnsignedLong(trex.getInt());
      int nalLengthSize =
          entryLike.child("avcC").map(avcC -> (init[avcC.payloadStart() + 4] & 3) + 1).orElse(0);
      if (expectedKey == null) {
        return new TrackSetup(
            entry.type(), entry.type(), 0, nalLengthSize, defaultDuration, defaultSize);
      }
      String expectedEntry = "vide".equals(handler) ? "encv" : "enca";
      if (!entry.type().equals(expectedEntry)) {
        throw new AssertionError("sample entry is " + entry.type() + ", not " + expectedEntry);
      }
      Mp4Boxes.Box sinf = entryLike.require("sinf");
      String frma =
          new String(init, sinf.require("frma").payloadStart(), 4, StandardCharsets.ISO_8859_1);
      ByteBuffer schm = sinf.require("schm").payload();
      schm.getInt();
      byte[] scheme = new byte[4];
      schm.get(scheme);
      if (!"cenc".equals(new String(scheme, StandardCharsets.ISO_8859_1))
          || schm.getInt() != 0x10000) {
        throw new AssertionError("schm is not cenc version 1.0");
      }
      ByteBuffer tenc = sinf.require("schi", "tenc").payload();
      tenc.position(6);
      int isProtected = tenc.get() & 0xff;
      int ivSize = tenc.get() & 0xff;
      byte[] kid = new byte[16];
      tenc.get(kid);
      if (isProtected != 1 || (ivSize != 8 && ivSize != 16)) {
        throw new AssertionError("tenc: protected " + isProtected + ", IV size " + ivSize);
      }
      if (!HEX.formatHex(kid).equals(expectedKey.kid())) {
        throw new AssertionError(
            "tenc default_KID " + HEX.formatHex(kid) + " is not " + expectedKey.kid());
      }
      requireCommonPssh(moov, expectedKey);
      return new TrackSetup(
          entry.type(), frma, ivSize, nalLengthSize, defaultDuration, defaultSize);
    }

    private static void requireCommonPssh(Mp4Boxes.Box moov, ContentKey key) {
      byte[] common = HEX.parseHex(CencPackager.COMMON_SYSTEM_ID.toString().replace("-", ""));
      for (Mp4Boxes.Box box : moov.children()) {
        if (!box.type().equals("pssh")) {
          continue;
        }
        ByteBuffer pssh = box.payload();
        int version = pssh.getInt() >>> 24;
        byte[] system = new byte[16];
        pssh.get(system);
        if (version < 1 || !Arrays.equals(system, common)) {
          continue;
        }
        int kids = pssh.getInt();
        for (int i = 0; i < kids; i++) {
          byte[] kid = new byte[16];
          pssh.get(kid);
          if (HEX.formatHex(kid).equals(key.kid())) {
            return;
          }
        }
      }
      throw new AssertionError("no common-system pssh (v1) lists key id " + key.kid());
    }
  }

  private record Sample(int offset, int size, long duration) {}

  /** One segment's single track fragment: its decode time and where each sample's bytes are. */
  private record Fragment(
      byte[] file,
      Mp4Boxes.Box moof,
      Mp4Boxes.Box traf,
      long baseMediaDecodeTime,
      List<Sample> samples) {

    static Fragment read(byte[] segment, TrackSetup track) {
      Mp4Boxes.Box moof = Mp4Boxes.first(segment, "moof");
      Mp4Boxes.Box traf = moof.require("traf");
      ByteBuffer tfhd = traf.require("tfhd").payload();
      int tfhdFlags = tfhd.getInt() & 0xffffff;
      tfhd.getInt();
      long base = moof.start();
      if ((tfhdFlags & 0x1) != 0) {
        base = tfhd.getLong();
      }
      if ((tfhdFlags & 0x2) != 0) {
        tfhd.getInt();
      }
      long defaultDuration =
          (tfhdFlags & 0x8) != 0 ? Integer.toUnsignedLong(tfhd.getInt()) : track.defaultDuration();
      long defaultSize =
          (tfhdFlags & 0x10) != 0 ? Integer.toUnsignedLong(tfhd.getInt()) : track.defaultSize();
      ByteBuffer tfdt = traf.require("tfdt").payload();
      long decodeTime =
          (tfdt.getInt() >>> 24) == 1 ? tfdt.getLong() : Integer.toUnsignedLong(tfdt.getInt());
      List<Mp4Boxes.Box> truns =
          traf.children().stream().filter(b -> b.type().equals("trun")).toList();
      if (truns.size() != 1) {
        throw new AssertionError("expected one trun per traf, found " + truns.size());
      }
      ByteBuffer trun = truns.get(0).payload();
      int trunFlags = trun.getInt() & 0xffffff;
      int count = trun.getInt();
      long offset = base + ((trunFlags & 0x1) != 0 ? trun.getInt() : 0);
      if ((trunFlags & 0x4) != 0) {
        trun.getInt();
      }
      List<Sample> samples = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        long duration =
            (trunFlags & 0x100) != 0 ? Integer.toUnsignedLong(trun.getInt()) : defaultDuration;
        long size = (trunFlags & 0x200) != 0 ? Integer.toUnsignedLong(trun.getInt()) : defaultSize;
        if ((trunFlags & 0x400) != 0) {
          trun.getInt();
        }
        if ((trunFlags & 0x800) != 0) {
          trun.getInt();
        }
        samples.add(new Sample((int) offset, (int) size, duration));
        offset += size;
      }
      Mp4Boxes.Box mdat = Mp4Boxes.first(segment, "mdat");
      if (!samples.isEmpty()
          && (samples.get(0).offset() < mdat.payloadStart() || offset > mdat.end())) {
        throw new AssertionError("trun points outside the mdat");
      }
      return new Fragment(segment, moof, traf, decodeTime, samples);
    }
  }

  /** One sample's entry in senc: its IV and (clear, protected) byte counts. */
  private record SampleAux(byte[] iv, List<int[]> subsamples) {
    static List<SampleAux> readSenc(Fragment fragment, int ivSize) {
      ByteBuffer senc = fragment.traf().require("senc").payload();
      int flags = senc.getInt() & 0xffffff;
      int count = senc.getInt();
      if (count != fragment.samples().size()) {
        throw new AssertionError(
            "senc has " + count + " entries for " + fragment.samples().size() + " samples");
      }
      List<SampleAux> entries = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] iv = new byte[ivSize];
        senc.get(iv);
        List<int[]> subsamples = new ArrayList<>();
        if ((flags & 0x2) != 0) {
          int n = Short.toUnsignedInt(senc.getShort());
          for (int s = 0; s < n; s++) {
            subsamples.add(new int[] {Short.toUnsignedInt(senc.getShort()), senc.getInt()});
          }
        }
        entries.add(new SampleAux(iv, subsamples));
      }
      if (senc.hasRemaining()) {
        throw new AssertionError("senc has " + senc.remaining() + " bytes past its entries");
      }
      return entries;
    }

    int auxSize(int ivSize) {
      return subsamples.isEmpty() ? ivSize : ivSize + 2 + 6 * subsamples.size();
    }

    /** Which bytes of the sample are encrypted: all of them without subsamples. */
    boolean[] protectedMap(int sampleSize) {
      boolean[] map = new boolean[sampleSize];
      if (subsamples.isEmpty()) {
        Arrays.fill(map, true);
        return map;
      }
      int at = 0;
      for (int[] pair : subsamples) {
        at += pair[0];
        if (at + pair[1] > sampleSize) {
          throw new AssertionError("subsamples overrun the sample");
        }
        Arrays.fill(map, at, at + pair[1], true);
        at += pair[1];
      }
      if (at != sampleSize) {
        throw new AssertionError("subsamples cover " + at + " of " + sampleSize + " bytes");
      }
      return map;
    }
  }
}
