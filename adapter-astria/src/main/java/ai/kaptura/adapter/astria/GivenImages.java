package ai.kaptura.adapter.astria;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The image addresses Astria's API gave this instance (in a status or a checked callback), the only ones it downloads.
 * A cache of what Astria said: after a restart the next status asks again. The oldest go first beyond its capacity.
 */
final class GivenImages {

    static final int CAPACITY = 100_000;

    private final Map<String, Boolean> given = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void add(Iterable<String> images) {
        images.forEach(image -> given.put(image, Boolean.TRUE));
    }

    synchronized boolean contains(String image) {
        return given.containsKey(image);
    }
}
