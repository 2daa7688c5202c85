package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.application.common.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writes_nested_values_and_escapes_strings() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "quote \" backslash \\ newline \n tab \t bell \u0007");
        doc.put("count", 3);
        doc.put("big", 4_000_000_000L);
        doc.put("flag", true);
        doc.put("missing", Optional.empty());
        doc.put("present", Optional.of("x"));
        doc.put("list", List.of(1, "two"));
        doc.put("empty", List.of());
        doc.put("nested", Map.of());

        String json = Json.write(doc);

        assertThat(json).isEqualTo("""
                {
                  "name": "quote \\" backslash \\\\ newline \\n tab \\t bell \\u0007",
                  "count": 3,
                  "big": 4000000000,
                  "flag": true,
                  "missing": null,
                  "present": "x",
                  "list": [
                    1,
                    "two"
                  ],
                  "empty": [],
                  "nested": {}
                }
                """);
    }
}
