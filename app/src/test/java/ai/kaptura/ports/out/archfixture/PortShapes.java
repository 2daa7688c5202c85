package ai.kaptura.ports.out.archfixture;

import ai.kaptura.domain.order.OrderId;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.time.DayOfWeek;
import java.util.Comparator;

/**
 * Keeps rules c and d: every shape a port may take (interface, sealed interface, record, enum with a
 * constant body, annotation), on java.., domain and ports only. Its switch over another class's enum in a
 * default method makes javac emit a synthetic switch-map class, which the rule must tolerate.
 */
public interface PortShapes {

    Outcome handle(Command command);

    default boolean isWeekend(DayOfWeek day) {
        switch (day) {
            case SATURDAY:
            case SUNDAY:
                return true;
            default:
                return false;
        }
    }

    default Comparator<Command> order() {
        return Comparator.comparing(command -> command.order().toString());
    }

    record Command(OrderId order, Kind kind) {}

    sealed interface Outcome {
        record Done(String id) implements Outcome {}

        record Refused(String why) implements Outcome {}
    }

    enum Kind {
        FAST {
            @Override
            int weight() {
                return 2;
            }
        },
        SLOW;

        int weight() {
            return 1;
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @interface Marker {}
}
