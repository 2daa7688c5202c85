package ai.kaptura.domain.headshot;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.util.Objects;
import java.util.UUID;

/**
 * What every delivered headshot file says about itself in its XMP: it was made by a trained
 * algorithm (R43). The only identifier it carries is an opaque asset id (R45); the visible label on
 * the results page uses {@link #VISIBLE_LABEL} (R44).
 */
@Implements({Rule.R43, Rule.R44, Rule.R45})
public record AiMarker(UUID assetId) {

    /** The IPTC NewsCodes term for media created by a model trained on sampled content. */
    public static final String DIGITAL_SOURCE_TYPE =
            "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

    /** The XMP property that carries {@link #DIGITAL_SOURCE_TYPE}. */
    public static final String XMP_PROPERTY = "Iptc4xmpExt:DigitalSourceType";

    /** The words shown on every headshot on the results page. */
    public static final String VISIBLE_LABEL = "AI-generated";

    public AiMarker {
        Objects.requireNonNull(assetId, "asset id");
    }

    public String digitalSourceType() {
        return DIGITAL_SOURCE_TYPE;
    }

    /** The asset id as written into the file: a URN of a random UUID, nothing about the person. */
    public String assetUrn() {
        return "urn:uuid:" + assetId;
    }

    /** Reads a marker back from a file's metadata; anything else than the expected shape is refused. */
    public static AiMarker read(String digitalSourceType, String assetUrn) {
        if (!DIGITAL_SOURCE_TYPE.equals(digitalSourceType)) {
            throw new DomainViolation("Not an AI marker: digital source type is '" + digitalSourceType + "'");
        }
        if (assetUrn == null || !assetUrn.startsWith("urn:uuid:")) {
            throw new DomainViolation("An AI marker's asset id is a urn:uuid");
        }
        String text = assetUrn.substring("urn:uuid:".length());
        UUID id;
        try {
            id = UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new DomainViolation("An AI marker's asset id is a canonical UUID, not '" + text + "'");
        }
        if (!id.toString().equals(text)) {
            throw new DomainViolation("An AI marker's asset id is a canonical lower-case UUID, not '" + text + "'");
        }
        return new AiMarker(id);
    }
}
