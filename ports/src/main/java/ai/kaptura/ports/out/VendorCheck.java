package ai.kaptura.ports.out;

import java.util.List;
import java.util.Objects;

/**
 * What one live check of a vendor found ({@code ./kaptura vendors check}): each step tried with the configured real keys,
 * in a way that costs nothing or next to nothing, whether it worked and what was seen; and what the check could not
 * remove again at the vendor (nothing, when all went well). Details name the vendor's ids and answers, never a key.
 */
public record VendorCheck(String vendor, List<Step> steps, List<String> leftBehind) {

    /** One step: what was tried, whether it worked, and what was seen. */
    public record Step(String what, boolean worked, String detail) {
        public Step {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(detail, "detail");
        }

        public static Step worked(String what, String detail) {
            return new Step(what, true, detail);
        }

        public static Step failed(String what, String detail) {
            return new Step(what, false, detail);
        }
    }

    public VendorCheck {
        Objects.requireNonNull(vendor, "vendor");
        steps = List.copyOf(steps);
        leftBehind = List.copyOf(leftBehind);
    }

    /** Whether every step worked and nothing was left behind. */
    public boolean passed() {
        return !steps.isEmpty() && steps.stream().allMatch(Step::worked) && leftBehind.isEmpty();
    }
}
