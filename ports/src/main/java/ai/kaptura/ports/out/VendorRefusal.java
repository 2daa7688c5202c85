package ai.kaptura.ports.out;

/**
 * Marks an exception a vendor adapter throws when the vendor answered and refused the request (a 4xx other than
 * a conflict or a rate limit: a rejected key, a parameter it does not accept): sending the same request again will
 * not help, and the fault is on our side, not the person's. Any other exception from a vendor call means the
 * vendor could not be reached or could not answer now, and the same call may be repeated later. The exception's
 * message names what the vendor said and never carries a credential.
 */
public interface VendorRefusal {}
