package ai.kaptura.adapter.astria;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import feign.Feign;
import feign.Request;
import feign.form.ContentType;
import feign.form.FormEncoder;
import feign.form.MultipartFormContentProcessor;
import feign.http2client.Http2Client;
import feign.jackson.JacksonDecoder;
import feign.jackson.JacksonEncoder;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The Feign client of Astria's API (bearer key, an explicit {@code User-Agent} naming Kaptura, JSON answers, multipart
 * forms, Astria's error statuses, capped backoff, timeouts, no redirects). Generated images are not fetched through it: {@link ImageFetcher}
 * does that, without the key, where {@link ImagePolicy} allows. Feign logs nothing (its default no-op
 * logger): neither the key nor a body is ever written anywhere.
 */
final class AstriaClients {

    private AstriaClients() {}

    static ObjectMapper json() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    static AstriaApi api(HttpSettings http) {
        ObjectMapper json = json();
        FormEncoder forms = new FormEncoder(new JacksonEncoder(json));
        ((MultipartFormContentProcessor) forms.getContentProcessor(ContentType.MULTIPART))
                .addFirstWriter(new SelfieParts.Writer());
        String authorization = "Bearer " + http.apiKey();
        return Feign.builder()
                .client(new Http2Client(httpClient(http.connectTimeout())))
                .options(new Request.Options(http.connectTimeout(), http.readTimeout(), false))
                .encoder(forms)
                .decoder(new JacksonDecoder(json))
                .errorDecoder(new AstriaErrors(json))
                .retryer(new Backoff(
                        http.maxAttempts(), http.firstBackoff(), http.maxBackoff(), duration -> Thread.sleep(duration)))
                .requestInterceptor(template -> template.header("Authorization", authorization))
                .requestInterceptor(template -> template.header("User-Agent", AstriaAdapter.USER_AGENT))
                .target(AstriaApi.class, http.apiBase().toString());
    }

    private static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
