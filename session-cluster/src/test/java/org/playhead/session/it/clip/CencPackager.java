package org.playhead.session.it.clip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.mp4parser.Box;
import org.mp4parser.Container;
import org.mp4parser.IsoFile;
import org.mp4parser.ParsableBox;
import org.mp4parser.boxes.iso14496.part12.FileTypeBox;
import org.mp4parser.boxes.iso14496.part12.MovieBox;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentBox;
import org.mp4parser.boxes.iso14496.part12.SampleFlags;
import org.mp4parser.boxes.iso14496.part12.SegmentTypeBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentHeaderBox;
import org.mp4parser.boxes.iso14496.part12.TrackRunBox;
import org.mp4parser.boxes.iso23001.part7.ProtectionSystemSpecificHeaderBox;
import org.mp4parser.boxes.sampleentry.SampleEntry;
import org.mp4parser.muxer.InMemRandomAccessSourceImpl;
import org.mp4parser.muxer.Movie;
import org.mp4parser.muxer.Track;
import org.mp4parser.muxer.builder.FragmentedMp4Builder;
import org.mp4parser.muxer.container.mp4.MovieCreator;
import org.mp4parser.muxer.tracks.encryption.CencEncryptingTrackImpl;
import org.mp4parser.tools.ByteBufferByteChannel;

/**
 * Encrypts a clear fragmented-MP4 DASH clip with ISO/IEC 23001-7 Common Encryption, scheme {@code
 * cenc} (AES-128 CTR), one key per track kind, with mp4parser doing the MP4 work:
 *
 * <ul>
 *   <li>{@link CencEncryptingTrackImpl} encrypts each sample with its own 8-byte IV (AES-CTR
 *       counter block = IV followed by a 64-bit block counter); for H.264 it keeps each NAL unit's
 *       length field, header and first bytes (the slice header) in the clear, non-slice and tiny
 *       NAL units entirely, and encrypts the rest of each slice in whole 16-byte blocks (subsample
 *       encryption), while AAC samples are encrypted whole;
 *   <li>{@link FragmentedMp4Builder} writes the init segment ({@code encv}/{@code enca} sample
 *       entries with {@code sinf/frma/schm/schi/tenc}) and one {@code moof/mdat} per clear segment,
 *       each {@code traf} with {@code saiz}, {@code senc} and {@code saio};
 * </ul>
 *
 * Fragments are cut at the clear segments' sample boundaries, so the encrypted segments keep the
 * clear ones' names, times and durations and the MPD's SegmentTimeline stays true. Each init
 * segment also carries a version-1 {@code pssh} of the W3C common system listing its key id, the
 * init data a Clear Key browser gets in its {@code encrypted} event. Media segments are {@code
 * styp} ('msdh') + {@code moof} + {@code mdat}: the clear segments' {@code sidx} is not carried
 * over (its sizes would be wrong, and a SegmentTemplate presentation needs none).
 */
public final class CencPackager {
  /** W3C "Common PSSH box format" system id (EME initialization data registry, cenc). */
  static final UUID COMMON_SYSTEM_ID = UUID.fromString("1077efec-c0b2-4d02-ace3-3c1e52e2fb4b");

  private CencPackager() {}

  /** Writes the encrypted clip into {@code target} (created if needed) and returns it. */
  public static DashClip encrypt(DashClip clear, Map<MediaKind, ContentKey> keys, Path target)
      throws IOException {
    Files.createDirectories(target);
    DashManifest manifest = DashManifest.read(clear.manifest());
    for (DashManifest.Representation representation : manifest.representations()) {
      ContentKey key = keys.get(representation.kind());
      if (key == null) {
        throw new IllegalArgumentException("no content key for " + representation.kind());
      }
      encryptRepresentation(clear.directory(), representation, key, target);
    }
    manifest.writeProtected(target.resolve(clear.manifestName()), keys);
    return new DashClip(target, clear.manifestName());
  }

  private static void encryptRepresentation(
      Path source, DashManifest.Representation representation, ContentKey key, Path target)
      throws IOException {
    byte[] init = Files.readAllBytes(source.resolve(representation.initialization()));
    List<byte[]> segments = new ArrayList<>();
    for (String segment : representation.mediaSegments()) {
      segments.add(Files.readAllBytes(source.resolve(segment)));
    }
    // The representation as one fragmented MP4 (init then its segments, as DASH on-demand would
    // have it), so mp4parser reads the track with all its samples.
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.write(init);
    long[] fragmentStarts = new long[segments.size()];
    long nextSample = 1;
    for (int i = 0; i < segments.size(); i++) {
      whole.write(segments.get(i));
      fragmentStarts[i] = nextSample;
      nextSample += sampleCount(segments.get(i));
    }
    byte[] bytes = whole.toByteArray();
    Movie clearMovie =
        MovieCreator.build(
            new ByteBufferByteChannel(bytes),
            new InMemRandomAccessSourceImpl(bytes),
            representation.id());
    if (clearMovie.getTracks().size() != 1) {
      throw new IllegalArgumentException(
          "representation " + representation.id() + " must hold exactly one track");
    }
    Track clearTrack = clearMovie.getTracks().get(0);
    if (clearTrack.getSamples().size() != nextSample - 1) {
      throw new IllegalStateException(
          "mp4parser read "
              + clearTrack.getSamples().size()
              + " samples, segments hold "
              + (nextSample - 1));
    }
    Track encrypted =
        new CencEncryptingTrackImpl(
            clearTrack, key.kidUuid(), new SecretKeySpec(key.keyBytes(), "AES"), false);

    FragmentedMp4Builder builder = new ClearBrandsBuilder(firstBox(init, FileTypeBox.class));
    builder.setFragmenter(track -> fragmentStarts.clone());
    Container built = builder.build(new Movie(List.of(encrypted)));

    List<Box> boxes = built.getBoxes();
    MovieBox moov = (MovieBox) boxes.get(1);
    moov.addBox(commonPssh(key));
    try (OutputStream out =
        Files.newOutputStream(target.resolve(representation.initialization()))) {
      WritableByteChannel channel = Channels.newChannel(out);
      boxes.get(0).getBox(channel);
      moov.getBox(channel);
    }
    List<MovieFragmentBox> fragments = built.getBoxes(MovieFragmentBox.class);
    if (fragments.size() != segments.size()) {
      throw new IllegalStateException(
          fragments.size() + " fragments for " + segments.size() + " segments");
    }
    for (int i = 0; i < segments.size(); i++) {
      MovieFragmentBox moof = fragments.get(i);
      Box mdat = boxes.get(boxes.indexOf(moof) + 1);
      try (OutputStream out =
          Files.newOutputStream(target.resolve(representation.mediaSegments().get(i)))) {
        WritableByteChannel channel = Channels.newChannel(out);
        mediaSegmentType().getBox(channel);
        moof.getBox(channel);
        mdat.getBox(channel);
      }
    }
  }

  /** ISO/IEC 23009-1 6.3.4.2: a DASH media segment (without a segment index, so not 'msix'). */
  private static SegmentTypeBox mediaSegmentType() {
    return new SegmentTypeBox("msdh", 0, List.of("msdh"));
  }

  /** pssh version 1 of the W3C common system: key ids only, no system-specific data. */
  private static ProtectionSystemSpecificHeaderBox commonPssh(ContentKey key) {
    ProtectionSystemSpecificHeaderBox pssh = new ProtectionSystemSpecificHeaderBox();
    pssh.setVersion(1);
    pssh.setSystemId(org.mp4parser.tools.UUIDConverter.convert(COMMON_SYSTEM_ID));
    pssh.setKeyIds(List.of(key.kidUuid()));
    pssh.setContent(new byte[0]);
    return pssh;
  }

  private static long sampleCount(byte[] segment) throws IOException {
    long count = 0;
    try (IsoFile file = new IsoFile(new ByteBufferByteChannel(segment))) {
      for (TrackRunBox trun :
          org.mp4parser.tools.Path.<TrackRunBox>getPaths(file, "moof/traf/trun")) {
        count += trun.getSampleCount();
      }
    }
    return count;
  }

  private static <T extends Box> T firstBox(byte[] file, Class<T> type) throws IOException {
    try (IsoFile parsed = new IsoFile(new ByteBufferByteChannel(file))) {
      List<T> found = parsed.getBoxes(type);
      return found.isEmpty() ? null : found.get(0);
    }
  }

  /**
   * mp4parser's fragmented builder with two changes: the init segment keeps the clear clip's file
   * type (its brands say what ffmpeg wrote), and the track fragment header looks up the sample
   * description of a fragment's first sample by its 0-based index (mp4parser 1.9.56 passes the
   * 1-based sample number, which reads one sample too far and fails on a last fragment of one
   * sample, as AAC tails often are).
   */
  private static final class ClearBrandsBuilder extends FragmentedMp4Builder {
    private final FileTypeBox ftyp;

    ClearBrandsBuilder(FileTypeBox ftyp) {
      this.ftyp = ftyp;
    }

    @Override
    public ParsableBox createFtyp(Movie movie) {
      return ftyp != null ? ftyp : super.createFtyp(movie);
    }

    @Override
    protected void createTfhd(
        long startSample,
        long endSample,
        Track track,
        int sequenceNumber,
        TrackFragmentBox parent) {
      TrackFragmentHeaderBox tfhd = new TrackFragmentHeaderBox();
      tfhd.setDefaultSampleFlags(new SampleFlags());
      tfhd.setBaseDataOffset(-1);
      SampleEntry entry = track.getSamples().get(Math.toIntExact(startSample - 1)).getSampleEntry();
      tfhd.setSampleDescriptionIndex(track.getSampleEntries().indexOf(entry) + 1);
      tfhd.setTrackId(track.getTrackMetaData().getTrackId());
      tfhd.setDefaultBaseIsMoof(true);
      parent.addBox(tfhd);
    }
  }
}
