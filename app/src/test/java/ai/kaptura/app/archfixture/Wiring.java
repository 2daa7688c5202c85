package ai.kaptura.app.archfixture;

import dagger.archfixture.FakeDagger;
import jakarta.inject.archfixture.FakeJakartaInject;
import javax.inject.archfixture.FakeJavaxInject;

/** The wiring module's own use of the injection libraries: keeps rule f. Nothing may depend on it (rule g). */
public final class Wiring {

    FakeDagger dagger;
    FakeJavaxInject javaxInject;
    FakeJakartaInject jakartaInject;
}
