package ai.kaptura.app;

import ai.kaptura.adapter.astria.AstriaAdapter;
import ai.kaptura.adapter.email.EmailAdapters;
import ai.kaptura.adapter.stripe.StripeAdapter;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.VendorCheck;
import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code kaptura vendors check}: one small end-to-end pass per real vendor configured, with its real keys, that costs
 * nothing or next to nothing — Astria's free {@code fast} branch (a tune, one prompt, both deleted and confirmed gone),
 * Stripe in test mode (a Checkout Session created and expired, the webhook endpoint and its address), Resend's test
 * address ({@code delivered@resend.dev}) — printing what worked, what did not, and what was left behind. Sandbox
 * vendors, the outbox and SMTP have nothing to check at a vendor and say so. Only wiring: each adapter runs its own check.
 */
final class VendorsCheck {

    private VendorsCheck() {}

    /** Answers 0 when every vendor checked passed (or none is configured), 1 otherwise. */
    static int run(Configuration config, PrintStream out, Duration patience, InstantSource clock) {
        out.println("kaptura: checking the vendors configured, with their real keys, at no or next to no cost");
        List<VendorCheck> reports = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        Configuration.Generator g = config.generator();
        if (g.kind() == Configuration.GeneratorKind.ASTRIA) {
            reports.add(guarded(
                    "astria",
                    () -> AstriaAdapter.check(
                            g.astriaBaseUrl(),
                            g.astriaApiKey().orElseThrow(),
                            g.astriaBaseTune(),
                            g.astriaModelType(),
                            g.astriaPreset(),
                            patience,
                            clock)));
        } else {
            unchecked.add("AI: " + EnvironmentReader.word(g.kind()) + " (draws locally; nothing to check at a vendor)");
        }
        Configuration.Payments p = config.payments();
        if (p.kind() == Configuration.PaymentsKind.STRIPE) {
            reports.add(guarded(
                    "stripe",
                    () -> StripeAdapter.check(
                            p.stripeSecretKey().orElseThrow(),
                            Optional.of(p.stripeApiBase()),
                            config.baseUrl().resolve(PaymentGateway.WEBHOOK_PATH))));
        } else {
            unchecked.add("payments: " + EnvironmentReader.word(p.kind())
                    + " (pretend payments; nothing to check at a vendor)");
        }
        Configuration.Email e = config.email();
        switch (e.kind()) {
            case RESEND ->
                reports.add(guarded(
                        "resend",
                        () -> EmailAdapters.resendCheck(
                                e.resendApiBase(), e.resendApiKey().orElseThrow(), e.from(), patience, clock)));
            case SMTP ->
                unchecked.add("email: smtp (not checked: ask for a sign-in code to your own address to try it)");
            case OUTBOX ->
                unchecked.add("email: " + EnvironmentReader.word(e.kind())
                        + " (mail stays on this machine; nothing to check at a vendor)");
        }
        for (VendorCheck report : reports) {
            out.println(report.vendor() + ":");
            for (VendorCheck.Step step : report.steps()) {
                out.printf("  %-6s %s: %s%n", step.worked() ? "ok" : "FAILED", step.what(), step.detail());
            }
            out.println("  left behind: "
                    + (report.leftBehind().isEmpty() ? "nothing" : String.join("; ", report.leftBehind())));
        }
        unchecked.forEach(line -> out.println("not checked: " + line));
        long passed = reports.stream().filter(VendorCheck::passed).count();
        out.println("kaptura: " + passed + " of " + reports.size() + (reports.size() == 1 ? " vendor" : " vendors")
                + " passed" + (reports.isEmpty() ? " (no real vendor is configured)" : ""));
        return passed == reports.size() ? 0 : 1;
    }

    /** A check that could not even start (a setting its adapter refuses) is reported as failed, without the key. */
    private static VendorCheck guarded(String vendor, java.util.function.Supplier<VendorCheck> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            return new VendorCheck(vendor, List.of(VendorCheck.Step.failed("settings", e.getMessage())), List.of());
        }
    }
}
