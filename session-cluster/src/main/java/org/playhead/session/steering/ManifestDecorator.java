package org.playhead.session.steering;

import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.playhead.steering.SteeringAnswer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * A title's origin manifest, decorated for one session: one pathway per chosen cache (and the
 * origin), and the session's steering server, so a player needs only one URL.
 *
 * <ul>
 *   <li>DASH: the MPD's own {@code BaseURL}s are replaced by one {@code <BaseURL
 *       serviceLocation="pathway">} per choice, followed by {@code <ContentSteering
 *       defaultServiceLocation="first" queryBeforeStart="true">steering URL</ContentSteering>}.
 *   <li>HLS: {@code #EXT-X-CONTENT-STEERING:SERVER-URI=...,PATHWAY-ID="first"}, and every variant
 *       stream (and rendition with a URI) once per pathway, with {@code PATHWAY-ID} and an absolute
 *       URI under that pathway's cache; renditions get a group id per pathway.
 * </ul>
 */
public final class ManifestDecorator {
  private static final String MPD_NS = "urn:mpeg:dash:schema:mpd:2011";

  private ManifestDecorator() {}

  /** Where a title lives on a cache: the cache's base URL, then the title id. */
  public static String titleBase(SteeringAnswer.Choice choice, String titleId) {
    return choice.baseUrl() + titleId + "/";
  }

  public static String dash(String mpd, String titleId, SteeringAnswer answer, String steeringUrl)
      throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    // An origin's MPD is still input: no DTDs, no external entities.
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    Document doc = builder.parse(new InputSource(new StringReader(mpd)));
    Element root = doc.getDocumentElement();
    if (!"MPD".equals(root.getLocalName())) {
      throw new IllegalArgumentException("not an MPD: root element " + root.getTagName());
    }
    String ns = root.getNamespaceURI() == null ? MPD_NS : root.getNamespaceURI();
    List<Node> remove = new ArrayList<>();
    Node anchor = null;
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        if ("BaseURL".equals(e.getLocalName()) || "ContentSteering".equals(e.getLocalName())) {
          remove.add(e);
        } else if (anchor == null && !"ProgramInformation".equals(e.getLocalName())) {
          anchor = e;
        }
      }
    }
    remove.forEach(root::removeChild);
    for (SteeringAnswer.Choice c : answer.choices()) {
      Element base = doc.createElementNS(ns, "BaseURL");
      base.setAttribute("serviceLocation", c.pathway());
      base.setTextContent(titleBase(c, titleId));
      root.insertBefore(base, anchor);
    }
    Element steering = doc.createElementNS(ns, "ContentSteering");
    steering.setAttribute("defaultServiceLocation", answer.choices().get(0).pathway());
    steering.setAttribute("queryBeforeStart", "true");
    steering.setTextContent(steeringUrl);
    root.insertBefore(steering, anchor);

    Transformer transformer = TransformerFactory.newInstance().newTransformer();
    transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
    StringWriter out = new StringWriter();
    transformer.transform(new DOMSource(doc), new StreamResult(out));
    return out.toString();
  }

  private static final Pattern GROUP = Pattern.compile("(AUDIO|SUBTITLES|GROUP-ID)=\"([^\"]*)\"");
  private static final Pattern URI_ATTR = Pattern.compile("URI=\"([^\"]*)\"");

  public static String hls(
      String playlist, String titleId, SteeringAnswer answer, String steeringUrl) {
    String[] lines = playlist.split("\r?\n");
    if (lines.length == 0 || !lines[0].strip().equals("#EXTM3U")) {
      throw new IllegalArgumentException("not an HLS playlist: no #EXTM3U");
    }
    List<String> header = new ArrayList<>();
    List<String> media = new ArrayList<>();
    List<String[]> variants = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#EXT-X-CONTENT-STEERING")) {
        continue;
      }
      if (line.startsWith("#EXT-X-STREAM-INF:")) {
        String uri = "";
        while (++i < lines.length) {
          String next = lines[i].strip();
          if (!next.isEmpty() && !next.startsWith("#")) {
            uri = next;
            break;
          }
        }
        variants.add(new String[] {line, uri});
      } else if (line.startsWith("#EXT-X-MEDIA:") && line.contains("URI=\"")) {
        media.add(line);
      } else {
        header.add(line);
      }
    }
    StringBuilder out = new StringBuilder("#EXTM3U\n");
    header.forEach(h -> out.append(h).append('\n'));
    out.append("#EXT-X-CONTENT-STEERING:SERVER-URI=\"")
        .append(steeringUrl)
        .append("\",PATHWAY-ID=\"")
        .append(answer.choices().get(0).pathway())
        .append("\"\n");
    for (SteeringAnswer.Choice c : answer.choices()) {
      URI base = URI.create(titleBase(c, titleId));
      for (String m : media) {
        String line = renameGroups(m, c.pathway());
        Matcher uri = URI_ATTR.matcher(line);
        if (uri.find()) {
          line =
              line.substring(0, uri.start(1))
                  + base.resolve(uri.group(1))
                  + line.substring(uri.end(1));
        }
        out.append(withPathway(line, c.pathway())).append('\n');
      }
      for (String[] v : variants) {
        out.append(withPathway(renameGroups(v[0], c.pathway()), c.pathway())).append('\n');
        out.append(base.resolve(v[1])).append('\n');
      }
    }
    return out.toString();
  }

  /** Each pathway's renditions form their own groups, as HLS steering requires. */
  private static String renameGroups(String line, String pathway) {
    Matcher m = GROUP.matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(m.group(1) + "=\"" + m.group(2) + "-" + pathway + "\""));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String withPathway(String line, String pathway) {
    return line.replaceAll(",?PATHWAY-ID=\"[^\"]*\"", "") + ",PATHWAY-ID=\"" + pathway + "\"";
  }
}
