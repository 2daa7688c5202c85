package ai.kaptura.adapter.astria;

import feign.RequestLine;
import feign.Response;
import java.net.URI;

/** The generated images at the addresses Astria gives (a storage host, not the API): fetched without the API key. */
interface VendorImages {

    @RequestLine("GET")
    Response fetch(URI location);
}
