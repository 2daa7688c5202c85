package ai.kaptura.application.common;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A small JSON writer for the data export (the application layer carries no JSON library). Values are
 * maps, collections, strings, numbers, booleans, {@link Optional}s and null; anything else is written
 * as its string form.
 */
public final class Json {

    private Json() {}

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, int indent) {
        switch (value) {
            case null -> out.append("null");
            case Optional<?> optional -> write(optional.orElse(null), out, indent);
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append("{\n");
                int n = 0;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    pad(out, indent + 1);
                    string(String.valueOf(e.getKey()), out);
                    out.append(": ");
                    write(e.getValue(), out, indent + 1);
                    out.append(++n < map.size() ? ",\n" : "\n");
                }
                pad(out, indent);
                out.append('}');
            }
            case Collection<?> list -> {
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append("[\n");
                int n = 0;
                for (Object item : list) {
                    pad(out, indent + 1);
                    write(item, out, indent + 1);
                    out.append(++n < list.size() ? ",\n" : "\n");
                }
                pad(out, indent);
                out.append(']');
            }
            default -> string(value.toString(), out);
        }
    }

    private static void pad(StringBuilder out, int indent) {
        out.append("  ".repeat(indent));
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
