package ai.kaptura.ports.out.fake;

import java.io.Closeable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;

/**
 * Any vendor port's fake, reached over a network that fails on a {@link FaultSchedule}: every call that would go to the
 * vendor (train, generate, status, download, delete, verify; checkout, refund; send; erase, rectify) draws a fault
 * first. A call that is {@link FaultSchedule.Fault#UNAVAILABLE} never reaches the fake; one whose
 * {@link FaultSchedule.Fault#ANSWER_LOST answer is lost} is carried out by the fake, and then fails all the same. What
 * the adapter does on this machine alone — decoding and verifying callbacks and webhooks — never fails, and
 * {@code processorName()} answers the vendor's registry name, as the real adapter's would.
 */
public final class Flaky {

    /** Methods that never leave this machine. */
    private static final Set<String> LOCAL = Set.of("processorName", "decodeCallback", "decodeWebhook");

    private Flaky() {}

    /** {@code fake}, as the real adapter of {@code vendor} (its registry name) on a network failing on {@code faults}. */
    public static <T> T vendor(Class<T> port, T fake, String vendor, FaultSchedule faults) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString")
                        ? "flaky " + vendor + " (" + fake + ")"
                        : call(method, fake, args);
            }
            if (method.getName().equals("processorName") && method.getReturnType() == Optional.class) {
                return Optional.of(vendor);
            }
            if (method.getName().equals("recordedName") && method.getParameterCount() == 0) {
                return vendor; // a real adapter is recorded under its processor's name
            }
            if (LOCAL.contains(method.getName())) {
                return call(method, fake, args);
            }
            FaultSchedule.Fault fault = faults.next(vendor);
            if (fault == FaultSchedule.Fault.UNAVAILABLE) {
                throw FaultSchedule.failure(vendor, method.getName(), fault);
            }
            Object answer = call(method, fake, args);
            if (fault == FaultSchedule.Fault.ANSWER_LOST) {
                if (answer instanceof Closeable stream) {
                    stream.close();
                }
                throw FaultSchedule.failure(vendor, method.getName(), fault);
            }
            return answer;
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
