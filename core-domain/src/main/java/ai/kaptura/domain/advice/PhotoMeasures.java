package ai.kaptura.domain.advice;

import ai.kaptura.domain.shared.DomainViolation;

/**
 * What the analysis measured of one selfie, held in memory for as long as the advice takes and never stored (R51):
 * no face box, no landmark, no hash, nothing that could identify or describe the person.
 *
 * @param faces            how many frontal faces were found
 * @param largestFaceShare the width of the largest face over the photo's shorter side (0 without a face)
 * @param sharpness        the variance of the Laplacian over the face (over the photo without exactly one face), on a
 *                         grey copy scaled to a fixed size so that it does not depend on the camera's resolution
 * @param brightness       the mean grey level, 0 to 255, over the face (over the photo without exactly one face)
 */
public record PhotoMeasures(int faces, double largestFaceShare, double sharpness, double brightness) {
    public PhotoMeasures {
        if (faces < 0) {
            throw new DomainViolation("A photo has zero faces or more, not " + faces);
        }
        if (!(largestFaceShare >= 0) || largestFaceShare > 2) {
            throw new DomainViolation("A face's share of the photo is between 0 and 2, not " + largestFaceShare);
        }
        if (faces == 0 && largestFaceShare != 0) {
            throw new DomainViolation("A photo without a face has no face share");
        }
        if (!(sharpness >= 0) || Double.isInfinite(sharpness)) {
            throw new DomainViolation("Sharpness is a finite number of zero or more, not " + sharpness);
        }
        if (!(brightness >= 0) || brightness > 255) {
            throw new DomainViolation("Brightness is a grey level from 0 to 255, not " + brightness);
        }
    }
}
