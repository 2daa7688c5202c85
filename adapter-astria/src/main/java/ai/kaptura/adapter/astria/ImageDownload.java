package ai.kaptura.adapter.astria;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.NoSuchElementException;
import java.util.Objects;

/** Downloads the images Astria's API gave, and only where the {@link ImagePolicy} allows, through the {@link ImageFetcher}. */
final class ImageDownload {

    private static final System.Logger LOG = AstriaAccess.LOG;

    private final GivenImages given;
    private final ImagePolicy imagePolicy;
    private final ImageFetcher images;

    ImageDownload(GivenImages given, ImagePolicy imagePolicy, ImageFetcher images) {
        this.given = given;
        this.imagePolicy = Objects.requireNonNull(imagePolicy, "image policy");
        this.images = Objects.requireNonNull(images, "image fetcher");
    }

    /**
     * Fetches one image Astria's API gave for this Kaptura's prompts (never an address a callback's body named),
     * and only where the {@link ImagePolicy} allows: https, a host of {@code ASTRIA_IMAGE_HOSTS}, public addresses,
     * the address checked being the one connected to; no redirect is followed, size and time are bounded (R15:
     * the copy into our vault starts here). A refused address is a failure of the vendor's answer, logged with its
     * host and reason only, and nothing is fetched.
     */
    InputStream download(String imageLocation) {
        URI location;
        try {
            location = new URI(Objects.requireNonNull(imageLocation, "image location"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not an image address");
        }
        if (!("https".equals(location.getScheme()) || "http".equals(location.getScheme()))
                || location.getHost() == null
                || location.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Only http(s) image addresses are downloaded");
        }
        if (!given.contains(imageLocation)) {
            throw new IllegalArgumentException(
                    "Not an image address Astria's API gave this Kaptura (ask for the status first)");
        }
        ImagePolicy.Fetch fetch = switch (imagePolicy.check(imageLocation)) {
            case ImagePolicy.Fetch allowed -> allowed;
            case ImagePolicy.Refused refused -> {
                LOG.log(
                        Level.WARNING,
                        "Astria gave an image address the image policy refuses; nothing was fetched: {0}",
                        refused.why());
                throw new Steps.Failed(
                        "Could not download a generated image: " + refused.why() + "; nothing was fetched", null);
            }
        };
        ImageFetcher.Answer answer;
        try {
            answer = images.get(fetch);
        } catch (ImageFetcher.Broken broken) {
            throw new Steps.Failed("Could not download a generated image: " + broken.getMessage(), null);
        } catch (IOException e) {
            throw new Steps.Failed(
                    "Could not download a generated image: no answer from the image host ("
                            + e.getClass().getSimpleName() + ")",
                    null);
        }
        int status = answer.status();
        if (status == 200) {
            return answer.body();
        }
        if (status == 403 || status == 404 || status == 410) {
            throw new NoSuchElementException(
                    "Astria no longer has this image (the image host answered " + status + ")");
        }
        if (status >= 300 && status < 400) {
            LOG.log(
                    Level.WARNING,
                    "The image host {0} answered {1}, a redirect; redirects are never followed",
                    fetch.host(),
                    status);
            throw new Steps.Failed(
                    "Could not download a generated image: the image host answered " + status
                            + ", a redirect, which is never followed",
                    null);
        }
        throw new Steps.Failed("Could not download a generated image: the image host answered " + status, null);
    }
}
