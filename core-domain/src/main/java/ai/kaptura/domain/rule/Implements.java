package ai.kaptura.domain.rule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the rules a type keeps, so an auditor can go from {@link Rule} to code and back. A build test
 * fails when a rule of the catalogue is implemented nowhere.
 *
 * <p>This is the domain's own marker, not a framework annotation: nothing reads it at run time
 * except the architecture tests and the auditor's rule report.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Implements {
    Rule[] value();
}
