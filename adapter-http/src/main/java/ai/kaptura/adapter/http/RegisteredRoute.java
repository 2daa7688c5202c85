package ai.kaptura.adapter.http;

import io.javalin.security.RouteRole;
import java.util.Set;

/**
 * One route as the router holds it: method, path template and the roles it was registered with (exactly as
 * given, so a route registered with no {@link Access}, or two, shows as such). Tests derive their sweeps from
 * these, so a new route is covered the moment it is registered.
 */
record RegisteredRoute(String method, String path, Set<RouteRole> roles) {

    RegisteredRoute {
        roles = Set.copyOf(roles);
    }

    /** {@code "METHOD /path"}, as the OpenAPI document names an operation. */
    String key() {
        return method + " " + path;
    }
}
