package org.playhead.session.it.clip;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The parts of a static DASH MPD (ISO/IEC 23009-1) that packaging needs: each representation's
 * initialization and media segment files, expanded from its SegmentTemplate and SegmentTimeline;
 * and the ContentProtection signalling that makes a player ask for Clear Key licenses.
 */
public final class DashManifest {
  static final String MPD_NS = "urn:mpeg:dash:schema:mpd:2011";
  static final String CENC_NS = "urn:mpeg:cenc:2013";

  /** ISO/IEC 23009-1: the track is Common-Encryption protected with the given scheme. */
  static final String MP4_PROTECTION = "urn:mpeg:dash:mp4protection:2011";

  /** The W3C Clear Key key system (DASH-IF system id). */
  static final String CLEAR_KEY_SYSTEM = "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e";

  private static final Pattern IDENTIFIER =
      Pattern.compile("\\$(RepresentationID|Number|Time|Bandwidth)(%0(\\d+)d)?\\$");

  private final Document document;

  private DashManifest(Document document) {
    this.document = document;
  }

  /** One representation's files, in playback order. */
  public record Representation(
      String id, MediaKind kind, String initialization, List<String> mediaSegments) {}

  public static DashManifest read(Path mpd) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return new DashManifest(factory.newDocumentBuilder().parse(mpd.toFile()));
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("not a readable MPD: " + mpd, e);
    }
  }

  public List<Representation> representations() {
    List<Representation> representations = new ArrayList<>();
    for (Element adaptationSet :
        children(document.getDocumentElement(), "Period", "AdaptationSet")) {
      MediaKind kind = MediaKind.ofContentType(contentType(adaptationSet));
      for (Element representation : children(adaptationSet, "Representation")) {
        Element template = segmentTemplate(adaptationSet, representation);
        String id = representation.getAttribute("id");
        long bandwidth = Long.parseLong(representation.getAttribute("bandwidth"));
        long number =
            template.hasAttribute("startNumber")
                ? Long.parseLong(template.getAttribute("startNumber"))
                : 1;
        String media = template.getAttribute("media");
        List<String> segments = new ArrayList<>();
        long time = 0;
        for (Element s : children(template, "SegmentTimeline", "S")) {
          if (s.hasAttribute("t")) {
            time = Long.parseLong(s.getAttribute("t"));
          }
          long duration = Long.parseLong(s.getAttribute("d"));
          long repeat = s.hasAttribute("r") ? Long.parseLong(s.getAttribute("r")) : 0;
          if (repeat < 0) {
            throw new IllegalArgumentException(
                "open-ended SegmentTimeline repeats are not supported");
          }
          for (long i = 0; i <= repeat; i++) {
            segments.add(expand(media, id, bandwidth, number++, time));
            time += duration;
          }
        }
        if (segments.isEmpty()) {
          throw new IllegalArgumentException("representation " + id + " has no SegmentTimeline");
        }
        String init = expand(template.getAttribute("initialization"), id, bandwidth, number, 0);
        representations.add(new Representation(id, kind, init, List.copyOf(segments)));
      }
    }
    return representations;
  }

  /**
   * Writes this MPD with Common Encryption signalled on every adaptation set: the mp4protection
   * descriptor with the track's default key id, then the Clear Key system. No {@code cenc:pssh} in
   * the MPD: dash.js 5 fails Clear Key when it finds the W3C common-system one there, and the init
   * segments carry the pssh anyway.
   */
  public void writeProtected(Path target, Map<MediaKind, ContentKey> keys) throws IOException {
    Document copy = (Document) document.cloneNode(true);
    Element mpd = copy.getDocumentElement();
    mpd.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:cenc", CENC_NS);
    for (Element adaptationSet : children(mpd, "Period", "AdaptationSet")) {
      MediaKind kind = MediaKind.ofContentType(contentType(adaptationSet));
      ContentKey key = keys.get(kind);
      if (key == null) {
        throw new IllegalArgumentException("no content key for the " + kind + " adaptation set");
      }
      Node first = adaptationSet.getFirstChild();
      Element mp4protection = copy.createElementNS(MPD_NS, "ContentProtection");
      mp4protection.setAttribute("schemeIdUri", MP4_PROTECTION);
      mp4protection.setAttribute("value", "cenc");
      mp4protection.setAttributeNS(CENC_NS, "cenc:default_KID", key.kidUuid().toString());
      Element clearKey = copy.createElementNS(MPD_NS, "ContentProtection");
      clearKey.setAttribute("schemeIdUri", CLEAR_KEY_SYSTEM);
      clearKey.setAttribute("value", "ClearKey1.0");
      adaptationSet.insertBefore(mp4protection, first);
      adaptationSet.insertBefore(clearKey, first);
    }
    Files.writeString(target, serialize(copy), StandardCharsets.UTF_8);
  }

  private static String serialize(Document document) throws IOException {
    try {
      var transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(document), new StreamResult(out));
      return out.toString();
    } catch (TransformerException e) {
      throw new IOException("cannot write the MPD", e);
    }
  }

  private static String contentType(Element adaptationSet) {
    if (adaptationSet.hasAttribute("contentType")) {
      return adaptationSet.getAttribute("contentType");
    }
    String mimeType = adaptationSet.getAttribute("mimeType");
    if (mimeType.isEmpty()) {
      mimeType = children(adaptationSet, "Representation").get(0).getAttribute("mimeType");
    }
    return mimeType.substring(0, Math.max(0, mimeType.indexOf('/')));
  }

  private static Element segmentTemplate(Element adaptationSet, Element representation) {
    List<Element> own = children(representation, "SegmentTemplate");
    List<Element> shared = own.isEmpty() ? children(adaptationSet, "SegmentTemplate") : own;
    if (shared.isEmpty()) {
      throw new IllegalArgumentException(
          "representation " + representation.getAttribute("id") + " has no SegmentTemplate");
    }
    return shared.get(0);
  }

  /** ISO/IEC 23009-1 5.3.9.4.4: template identifiers, with an optional %0Nd width. */
  static String expand(String template, String id, long bandwidth, long number, long time) {
    Matcher matcher = IDENTIFIER.matcher(template.replace("$$", "\u0000"));
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value;
      switch (matcher.group(1)) {
        case "RepresentationID":
          value = id;
          break;
        case "Number":
          value = Long.toString(number);
          break;
        case "Time":
          value = Long.toString(time);
          break;
        default:
          value = Long.toString(bandwidth);
      }
      if (matcher.group(3) != null && !"RepresentationID".equals(matcher.group(1))) {
        int width = Integer.parseInt(matcher.group(3));
        value = "0".repeat(Math.max(0, width - value.length())) + value;
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString().replace("\u0000", "$");
  }

  /** The element children along a path of local names in the MPD namespace. */
  private static List<Element> children(Element parent, String... path) {
    List<Element> level = List.of(parent);
    for (String name : path) {
      List<Element> next = new ArrayList<>();
      for (Element element : level) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element
              && MPD_NS.equals(n.getNamespaceURI())
              && name.equals(n.getLocalName())) {
            next.add((Element) n);
          }
        }
      }
      level = next;
    }
    return level;
  }
}
