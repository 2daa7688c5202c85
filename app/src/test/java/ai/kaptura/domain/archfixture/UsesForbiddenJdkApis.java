package ai.kaptura.domain.archfixture;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.logging.Logger;

/** Violates rule a: a domain class reaching for file I/O, JDBC, the network, reflection and logging. */
public final class UsesForbiddenJdkApis {

    Path path;
    Connection connection;
    Method method;
    File file;
    Logger julLogger;
    System.Logger systemLogger;
    URI endpoint;
}
