package ai.kaptura.adapter.astria;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import feign.Feign;
import feign.Request;
import feign.Retryer;
import feign.Target;
import feign.form.FormEncoder;
import feign.form.MultipartFormContentProcessor;
import feign.form.ContentType;
import feign.http2client.Http2Client;
import feign.jackson.JacksonDecoder;
import feign.jackson.JacksonEncoder;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The Feign clients: the API (bearer key, JSON answers, multipart forms, Astria's error statuses,
 * capped backoff, timeouts) and the image fetcher (no key: image addresses are not Astria's API). Feign
 * logs nothing (its default no-op logger): neither the key nor a body is ever written anywhere.
 */
final class AstriaClients {

    private AstriaClients() {
    }

    static ObjectMapper json() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    static AstriaApi api(HttpSettings http) {
        ObjectMapper json = json();
        FormEncoder forms = new FormEncoder(new JacksonEncoder(json));
        ((MultipartFormContentProcessor) forms.getContentProcessor(ContentType.MULTIPART)).addFirstWriter(new SelfieParts.Writer());
        String authorization = "Bearer " + http.apiKey();
        return Feign.builder()
                .client(new Http2Client(httpClient(http.connectTimeout(), HttpClient.Redirect.NEVER)))
                .options(new Request.Options(http.connectTimeout(), http.readTimeout(), false))
                .encoder(forms)
                .decoder(new JacksonDecoder(json))
                .errorDecoder(new AstriaErrors(json))
                .retryer(new Backoff(http.maxAttempts(), http.firstBackoff(), http.maxBackoff(),
                        duration -> Thread.sleep(duration)))
                .requestInterceptor(template -> template.header("Authorization", authorization))
                .target(AstriaApi.class, http.apiBase().toString());
    }

    static VendorImages images(HttpSettings http) {
        return Feign.builder()
                .client(new Http2Client(httpClient(http.connectTimeout(), HttpClient.Redirect.NORMAL)))
                .options(new Request.Options(http.connectTimeout(), http.readTimeout(), false))
                .retryer(Retryer.NEVER_RETRY)
                .target(Target.EmptyTarget.create(VendorImages.class));
    }

    private static HttpClient httpClient(Duration connectTimeout, HttpClient.Redirect redirects) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(redirects)
                .build();
    }
}
