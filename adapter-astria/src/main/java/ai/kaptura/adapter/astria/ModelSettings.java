package ai.kaptura.adapter.astria;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which kind of model Astria trains: on top of which gallery tune, as which model type, with which preset,
 * on which branch. Empty means "Astria's default".
 *
 * <p>Where prompts go follows from these settings, never from the tune's JSON: Astria's documented LoRA and FaceID
 * answers carry {@code "base_tune_id": null} (astria-docs {@code docs/api/0-tune/1-create.md},
 * {@code docs/features/faceid.md}), so a tune cannot say it is one.
 */
record ModelSettings(
        Optional<String> baseTuneId, Optional<String> modelType, Optional<String> preset, Optional<String> branch) {

    /** How a trained model is used at generation, as Astria documents each model type. */
    enum Family {
        /**
         * A checkpoint (no model type): prompts are posted on the tune itself, which holds them and deletes them with
         * it ({@code docs/api/0-tune/5-delete.md}).
         */
        CHECKPOINT,
        /**
         * A LoRA ({@code lora}, or SDXL's {@code pti}): prompts are posted on the base tune and load the model with
         * {@code <lora:ID:1>} ({@code docs/api/05-flux-api.md}, {@code docs/api/20-sdxl-api.md}); they live on the base
         * tune and outlive the model.
         */
        LORA,
        /**
         * FaceID: no training; prompts are posted on a gallery base tune and load the adapter with {@code <faceid:ID:1>}
         * ({@code docs/features/faceid.md}, {@code docs/features/faceid-flux.md}); they outlive the model too.
         */
        FACEID
    }

    private static final Pattern DIGITS = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern PRESET = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Set<String> MODEL_TYPES = Set.of("lora", "pti", "faceid");
    private static final Set<String> BRANCHES = Set.of("flux1", "sd15", "sdxl1", "fast");

    static ModelSettings of(String baseTuneId, String modelType, String preset, String branch) {
        Optional<String> base = blankToEmpty(baseTuneId);
        if (base.isPresent() && !DIGITS.matcher(base.get()).matches()) {
            throw new IllegalArgumentException("ASTRIA_BASE_TUNE_ID must be the digits of a gallery tune id, such as "
                    + AstriaAdapter.FLUX1_DEV_BASE_TUNE + ", or empty");
        }
        Optional<String> type = blankToEmpty(modelType);
        if (type.isPresent() && !MODEL_TYPES.contains(type.get())) {
            throw new IllegalArgumentException(
                    "ASTRIA_MODEL_TYPE must be one of " + MODEL_TYPES + ", or empty for a checkpoint");
        }
        Optional<String> chosenPreset = blankToEmpty(preset);
        if (chosenPreset.isPresent() && !PRESET.matcher(chosenPreset.get()).matches()) {
            throw new IllegalArgumentException(
                    "ASTRIA_PRESET must be a preset name such as flux-lora-portrait, or empty");
        }
        Optional<String> chosenBranch = blankToEmpty(branch);
        if (chosenBranch.isPresent() && !BRANCHES.contains(chosenBranch.get())) {
            throw new IllegalArgumentException("ASTRIA_BRANCH must be one of " + BRANCHES + ", or empty");
        }
        if (type.isPresent() && base.isEmpty()) {
            throw new IllegalArgumentException("ASTRIA_MODEL_TYPE=" + type.get() + " needs ASTRIA_BASE_TUNE_ID: "
                    + (type.get().equals("faceid")
                            ? "FaceID prompts run on a gallery base tune, such as " + AstriaAdapter.FLUX1_DEV_BASE_TUNE
                            : "a LoRA is trained and used on a base tune, such as "
                                    + AstriaAdapter.FLUX1_DEV_BASE_TUNE));
        }
        return new ModelSettings(base, type, chosenPreset, chosenBranch);
    }

    Family family() {
        return switch (modelType.orElse("")) {
            case "lora", "pti" -> Family.LORA;
            case "faceid" -> Family.FACEID;
            default -> Family.CHECKPOINT;
        };
    }

    /** The tune the prompts of model {@code tune} are posted on: the configured base tune, or the tune itself. */
    String promptHome(String tune) {
        return family() == Family.CHECKPOINT ? tune : baseTuneId.orElseThrow();
    }

    /** The tag that loads model {@code tune} in a prompt on its home, with a space after it; empty for a checkpoint. */
    String tag(String tune) {
        return switch (family()) {
            case CHECKPOINT -> "";
            case LORA -> "<lora:" + tune + ":1> ";
            case FACEID -> "<faceid:" + tune + ":1> ";
        };
    }

    private static Optional<String> blankToEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
