package ai.kaptura.architecture;

import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately small Java lexer: enough to tell annotations in code from the same characters in
 * comments, string literals and text blocks. Not a parser; it never fails on odd input.
 */
final class JavaTokens {

    enum Kind {
        IDENTIFIER,
        STRING,
        PUNCT,
        OTHER
    }

    /** One token; for {@link Kind#STRING} the text is the literal's raw content without quotes. */
    record Token(Kind kind, String text) {

        boolean isPunct(String symbol) {
            return kind == Kind.PUNCT && text.equals(symbol);
        }

        boolean isIdentifier(String name) {
            return kind == Kind.IDENTIFIER && text.equals(name);
        }
    }

    private JavaTokens() {}

    static List<Token> tokenize(String source) {
        List<Token> tokens = new ArrayList<>();
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = closing(source, i + 3, "\"\"\"");
                tokens.add(new Token(Kind.OTHER, "text block"));
                i = end;
            } else if (c == '"') {
                int end = closing(source, i + 1, "\"");
                tokens.add(new Token(Kind.STRING, source.substring(i + 1, Math.max(i + 1, end - 1))));
                i = end;
            } else if (c == '\'') {
                int end = closing(source, i + 1, "'");
                tokens.add(new Token(Kind.OTHER, "char"));
                i = end;
            } else if (Character.isJavaIdentifierStart(c)) {
                int end = i + 1;
                while (end < n && Character.isJavaIdentifierPart(source.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Kind.IDENTIFIER, source.substring(i, end)));
                i = end;
            } else if (Character.isDigit(c)) {
                int end = i + 1;
                while (end < n
                        && (Character.isLetterOrDigit(source.charAt(end))
                                || source.charAt(end) == '_'
                                || source.charAt(end) == '.')) {
                    end++;
                }
                tokens.add(new Token(Kind.OTHER, source.substring(i, end)));
                i = end;
            } else {
                tokens.add(new Token(Kind.PUNCT, String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }

    /** The index just after the first unescaped {@code delimiter} from {@code from}, or the end. */
    private static int closing(String source, int from, String delimiter) {
        int i = from;
        while (i < source.length()) {
            if (source.charAt(i) == '\\') {
                i += 2;
            } else if (source.startsWith(delimiter, i)) {
                return i + delimiter.length();
            } else {
                i++;
            }
        }
        return source.length();
    }
}
