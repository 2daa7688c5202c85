/**
 * Photo-quality advice before paying (R51): what is measured of a selfie on our server, the policy that turns the
 * measures into advice flags, and the plain sentences a person reads. Only the flags are ever kept.
 */
package ai.kaptura.domain.advice;
