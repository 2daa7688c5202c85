package ai.kaptura.adapter.astria;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which kind of model Astria trains: on top of which gallery tune, as which model type, with which preset,
 * on which branch. Empty means "Astria's default".
 */
record ModelSettings(Optional<String> baseTuneId, Optional<String> modelType, Optional<String> preset, Optional<String> branch) {

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
            throw new IllegalArgumentException("ASTRIA_MODEL_TYPE must be one of " + MODEL_TYPES + ", or empty for a checkpoint");
        }
        Optional<String> chosenPreset = blankToEmpty(preset);
        if (chosenPreset.isPresent() && !PRESET.matcher(chosenPreset.get()).matches()) {
            throw new IllegalArgumentException("ASTRIA_PRESET must be a preset name such as flux-lora-portrait, or empty");
        }
        Optional<String> chosenBranch = blankToEmpty(branch);
        if (chosenBranch.isPresent() && !BRANCHES.contains(chosenBranch.get())) {
            throw new IllegalArgumentException("ASTRIA_BRANCH must be one of " + BRANCHES + ", or empty");
        }
        if (type.filter("lora"::equals).isPresent() && base.isEmpty()) {
            throw new IllegalArgumentException("ASTRIA_MODEL_TYPE=lora needs ASTRIA_BASE_TUNE_ID: a LoRA is trained and used on a base tune");
        }
        return new ModelSettings(base, type, chosenPreset, chosenBranch);
    }

    private static Optional<String> blankToEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
