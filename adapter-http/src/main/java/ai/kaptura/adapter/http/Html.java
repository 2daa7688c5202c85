package ai.kaptura.adapter.http;

/** Escaping for the few pages this adapter renders on the server. */
final class Html {

    private Html() {}

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A whole page in the site's layout: external stylesheet only, no script. */
    static String page(String title, String main) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Kaptura</title>
                <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
                <link rel="stylesheet" href="/assets/app.css">
                </head>
                <body>
                <header class="site-header"><a class="brand" href="/">Kaptura</a></header>
                <main id="main" class="container">
                %s
                </main>
                </body>
                </html>
                """.formatted(escape(title), main);
    }
}
