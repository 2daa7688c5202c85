package ai.kaptura.adapter.storage.archfixture;

import org.jclouds.archfixture.FakeJclouds;

/** Keeps rule f: jclouds inside adapter-storage. */
final class StorageUsesJclouds {

    FakeJclouds jclouds;
}
