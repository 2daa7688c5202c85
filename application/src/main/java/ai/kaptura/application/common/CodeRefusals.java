package ai.kaptura.application.common;

import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.ports.out.SignInChallenges;
import java.util.OptionalInt;

/**
 * The refusals a try of a one-time code can end in, worded once for sign-in and for the new-address check, which
 * answer them in their own outcome types.
 */
public final class CodeRefusals {

    private CodeRefusals() {}

    /** The code was right, but another try used it first or it has burnt. */
    public static Rejection usedOrBurnt() {
        return Rejection.of(
                Rejection.Reason.SIGN_IN_CODE_INVALID, "That code was already used or has burnt; ask for a new one");
    }

    public static Rejection expired() {
        return Rejection.of(
                Rejection.Reason.SIGN_IN_CODE_EXPIRED,
                "That code has expired (codes last 15 minutes); ask for a new one");
    }

    public static Rejection spent() {
        return Rejection.of(Rejection.Reason.SIGN_IN_CODE_INVALID, "That code was already used; ask for a new one");
    }

    public static Rejection exhausted() {
        return Rejection.of(
                Rejection.Reason.SIGN_IN_ATTEMPTS_EXHAUSTED, "Too many wrong tries for that code; ask for a new one");
    }

    /**
     * A wrong try, counted by the store itself: how many tries are left, or {@link #exhausted()} when none is.
     * {@code wrong} opens the message, e.g. "That code is not right".
     */
    public static Rejection wrongTry(SignInChallenges challenges, SignInChallenge challenge, String wrong) {
        OptionalInt counted = challenges.countWrongTry(challenge.id());
        if (counted.isEmpty() || counted.getAsInt() >= SignInChallenge.MAX_ATTEMPTS) {
            return exhausted();
        }
        int left = SignInChallenge.MAX_ATTEMPTS - counted.getAsInt();
        return Rejection.of(
                Rejection.Reason.SIGN_IN_CODE_INVALID, wrong + "; " + left + (left == 1 ? " try" : " tries") + " left");
    }
}
