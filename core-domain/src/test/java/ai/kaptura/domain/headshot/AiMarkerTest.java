package ai.kaptura.domain.headshot;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every headshot carries the IPTC AI marker, visibly labelled, holding only an opaque asset id: R43, R44, R45. */
class AiMarkerTest {

    private static final UUID ASSET = UUID.fromString("7d444840-9dc0-11d1-b245-5ffdce74fad2");

    @Test
    @Tag("R43")
    void a_headshot_cannot_exist_without_its_ai_marker() {
        assertThatThrownBy(() -> new Headshot(
                        new HeadshotId(UUID.randomUUID()),
                        Fixtures.STUDIO,
                        new PhotoRef("headshot/" + ASSET),
                        Digest.sha256("bytes"),
                        null,
                        NOW))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("R43");
    }

    @Test
    @Tag("R43")
    void the_digital_source_type_is_the_iptc_trained_algorithmic_media_term() {
        assertThat(AiMarker.DIGITAL_SOURCE_TYPE)
                .isEqualTo("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
        assertThat(new AiMarker(ASSET).digitalSourceType()).isEqualTo(AiMarker.DIGITAL_SOURCE_TYPE);
        assertThat(AiMarker.XMP_PROPERTY).isEqualTo("Iptc4xmpExt:DigitalSourceType");
    }

    @Test
    @Tag("R43")
    @Tag("R45")
    void the_marker_reads_back_from_its_written_form() {
        AiMarker marker = new AiMarker(ASSET);

        assertThat(marker.assetUrn()).isEqualTo("urn:uuid:7d444840-9dc0-11d1-b245-5ffdce74fad2");
        assertThat(AiMarker.read(marker.digitalSourceType(), marker.assetUrn())).isEqualTo(marker);
    }

    @Test
    @Tag("R43")
    void reading_a_file_of_another_source_type_or_asset_shape_is_refused() {
        String urn = new AiMarker(ASSET).assetUrn();

        assertThatThrownBy(() -> AiMarker.read("http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture", urn))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> AiMarker.read(null, urn)).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> AiMarker.read(AiMarker.DIGITAL_SOURCE_TYPE, "ada@example.com"))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> AiMarker.read(AiMarker.DIGITAL_SOURCE_TYPE, null))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> AiMarker.read(AiMarker.DIGITAL_SOURCE_TYPE, "urn:uuid:not-a-uuid"))
                .isInstanceOfAny(DomainViolation.class, IllegalArgumentException.class);
    }

    @Test
    @Tag("R44")
    void the_visible_label_says_ai_generated() {
        assertThat(AiMarker.VISIBLE_LABEL).isEqualTo("AI-generated");
    }

    @Test
    @Tag("R45")
    void the_marker_holds_no_personal_data_only_an_opaque_asset_id() {
        RecordComponent[] components = AiMarker.class.getRecordComponents();

        assertThat(Arrays.stream(components).map(RecordComponent::getName)).containsExactly("assetId");
        assertThat(components[0].getType()).isEqualTo(UUID.class);
        assertThat(new AiMarker(ASSET).assetUrn()).matches("urn:uuid:[0-9a-f-]{36}");
        assertThatThrownBy(() -> new AiMarker(null)).isInstanceOf(NullPointerException.class);
    }
}
