package ai.kaptura.domain.privacy;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;

/**
 * How a request reached us, which is how it is answered (R24): a request made on the web is answered
 * on the web, with the export as a download and an email that it is ready.
 */
@Implements(Rule.R24)
public enum Channel {
    ELECTRONIC,
    POSTAL;

    public Channel answerChannel() {
        return this;
    }
}
