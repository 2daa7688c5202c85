package ai.kaptura.adapter.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The path parameters of a route template ({@code {id}} or {@code <id>}) and the path with values put in. */
final class RouteTemplates {

    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}|<([^>/]+)>");

    private RouteTemplates() {}

    static List<String> params(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return names;
    }

    /** The template with the parameters replaced, in order, by {@code values} exactly as given (not encoded). */
    static String fill(String template, List<String> values) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(i++)));
        }
        m.appendTail(out);
        if (i != values.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + i + " parameters of " + template);
        }
        return out.toString();
    }
}
