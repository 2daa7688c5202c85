package ai.kaptura.adapter.storage;

import ai.kaptura.domain.headshot.AiMarker;

/**
 * The XMP packet written into every delivered headshot (R43, R45). It holds exactly two properties:
 * <ul>
 *   <li>{@code Iptc4xmpExt:DigitalSourceType} = {@link AiMarker#DIGITAL_SOURCE_TYPE}, the IPTC term for
 *       media made by a trained algorithm;</li>
 *   <li>{@code xmpMM:DocumentID} = {@link AiMarker#assetUrn()}, the opaque asset id ({@code urn:uuid:} of a
 *       random UUID). XMP Media Management's document id is the property meant to identify one asset, and
 *       readers such as metadata-extractor and Adobe's tools show it.</li>
 * </ul>
 * Nothing else: no creator, no dates, no tool names, nothing about the person.
 */
final class ImageXmp {

    static final String IPTC_EXT_NAMESPACE = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
    static final String XMP_MM_NAMESPACE = "http://ns.adobe.com/xap/1.0/mm/";

    private ImageXmp() {}

    static String packet(AiMarker marker) {
        // Both values are fixed shapes (an IPTC URI and urn:uuid:<canonical UUID>): nothing to escape.
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
                + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\""
                + " xmlns:Iptc4xmpExt=\"" + IPTC_EXT_NAMESPACE + "\""
                + " xmlns:xmpMM=\"" + XMP_MM_NAMESPACE + "\""
                + " " + AiMarker.XMP_PROPERTY + "=\"" + marker.digitalSourceType() + "\""
                + " xmpMM:DocumentID=\"" + marker.assetUrn() + "\"/>"
                + "</rdf:RDF>"
                + "</x:xmpmeta>"
                + "<?xpacket end=\"r\"?>";
    }
}
