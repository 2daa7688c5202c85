package ai.kaptura.application.archfixture;

import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.archfixture.PortShapes;
import java.util.List;

/** Keeps rule d: the application on java.., domain and ports only. */
public final class ServiceUsingPorts {

    PortShapes port;
    List<Rule> rules;
}
