package ai.kaptura.application.common;

import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.order.PlanId;
import ai.kaptura.domain.order.UploadQuota;
import ai.kaptura.domain.privacy.ComplaintRoute;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.processor.Controller;
import ai.kaptura.domain.retention.RetentionPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the services need to know about this installation, decided by configuration in the app module.
 *
 * @param baseUrl       the public address people reach Kaptura at, without a trailing slash
 * @param subjectClass  the class word the generator trains on ("person"), never anything about the person
 * @param uploadQuota   how much one person may keep in unpaid orders (R47)
 */
public record Settings(
        String baseUrl,
        List<Plan> plans,
        RetentionPolicy retention,
        DeadlineCalendar calendar,
        ComplaintRoute complaintRoute,
        Controller controller,
        BannerVersion cookieBanner,
        String subjectClass,
        UploadQuota uploadQuota) {

    public Settings {
        Objects.requireNonNull(baseUrl, "base url");
        if (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        plans = List.copyOf(plans);
        Objects.requireNonNull(retention, "retention policy");
        Objects.requireNonNull(calendar, "deadline calendar");
        Objects.requireNonNull(complaintRoute, "complaint route");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(cookieBanner, "cookie banner version");
        Objects.requireNonNull(subjectClass, "subject class");
        Objects.requireNonNull(uploadQuota, "upload quota");
    }

    public Optional<Plan> plan(PlanId id) {
        return plans.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public String url(String path) {
        return baseUrl + path;
    }
}
