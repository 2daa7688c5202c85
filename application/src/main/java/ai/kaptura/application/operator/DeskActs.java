package ai.kaptura.application.operator;

import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.OperatorDesk.Act;
import ai.kaptura.ports.in.OperatorDesk.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every operator action shares (R50): the operator as the audit log names them, a reason first in the details. */
final class DeskActs {

    private DeskActs() {}

    static Outcome conflict(String detail) {
        return new Outcome.Refused(Rejection.of(Rejection.Reason.DESK_ACTION_CONFLICT, detail));
    }

    static Actor operator(Act act) {
        return OperatorSignInService.operator(act.operator());
    }

    /** The audit details of an operator's action: its reason first (R50), then the facts given in pairs. */
    static Map<String, Object> details(String reason, Object... pairs) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            details.put(String.valueOf(pairs[i]), pairs[i + 1]);
        }
        return details;
    }
}
