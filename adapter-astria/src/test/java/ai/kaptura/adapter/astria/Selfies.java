package ai.kaptura.adapter.astria;

import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.VendorFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Selfies that look like JPEGs, each counting how often it was opened and closed. */
final class Selfies {

    final List<HeadshotGenerator.Selfie> list = new ArrayList<>();
    final List<AtomicInteger> opened = new ArrayList<>();
    final List<AtomicInteger> closed = new ArrayList<>();

    static Selfies jpegs(int count) {
        return named(count, "selfie-%02d.jpg");
    }

    /** Selfies whose names follow {@code pattern} (a format with one number). */
    static Selfies named(int count, String pattern) {
        Selfies selfies = new Selfies();
        for (int i = 1; i <= count; i++) {
            byte[] bytes = VendorFixtures.pseudoRandomBytes(i, 2048 + i);
            bytes[0] = (byte) 0xFF;
            bytes[1] = (byte) 0xD8;
            bytes[2] = (byte) 0xFF;
            AtomicInteger opens = new AtomicInteger();
            AtomicInteger closes = new AtomicInteger();
            selfies.opened.add(opens);
            selfies.closed.add(closes);
            selfies.list.add(new HeadshotGenerator.Selfie(String.format(pattern, i), () -> {
                opens.incrementAndGet();
                return new ByteArrayInputStream(bytes) {
                    @Override
                    public void close() throws IOException {
                        closes.incrementAndGet();
                        super.close();
                    }
                };
            }));
        }
        return selfies;
    }

    boolean eachOpenedAndClosedOnce() {
        return opened.stream().allMatch(n -> n.get() == 1) && closed.stream().allMatch(n -> n.get() == 1);
    }

    static HeadshotGenerator.Training training(VendorFixtures.Customer who, Selfies selfies) {
        return new HeadshotGenerator.Training(
                who.orderId(), who.vendorTraining(), selfies.list, "person", "train:" + who.orderId());
    }
}
