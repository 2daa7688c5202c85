package ai.kaptura.adapter.stripe.archfixture;

import com.stripe.archfixture.FakeStripe;

/** Keeps rule f: stripe-java inside adapter-stripe. */
final class StripeUsesStripe {

    FakeStripe stripe;
}
