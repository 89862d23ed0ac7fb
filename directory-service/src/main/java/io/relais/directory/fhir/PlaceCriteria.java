package io.relais.directory.fhir;

import io.relais.common.problem.ProblemException;
import io.relais.common.request.Params;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/** Search parameters of Organization and Location: {@code type}, {@code partof}, {@code name}. */
public final class PlaceCriteria {

    private PlaceCriteria() {
    }

    /** The id in {@code Organization/{id}} (or {@code Location/...}, or a bare id); null when absent. */
    public static UUID reference(String parameter, String type, String reference) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        return Params.uuid(parameter, reference.trim().replaceFirst("^.*" + type + "/", ""));
    }

    /** FHIR string matching: the name, or one of its words, starts with the value; accents and case ignored. */
    public static boolean nameMatches(String name, String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        String wanted = fold(value.trim());
        String folded = fold(name);
        return folded.startsWith(wanted) || Arrays.stream(folded.split("[\\s'’-]+")).anyMatch(w -> w.startsWith(wanted));
    }

    /** {@code prov} or {@code dept} (a {@code system|code} token is accepted); null when absent. */
    public static String organizationType(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String code = raw.substring(raw.indexOf('|') + 1).trim();
        if (!code.equals("prov") && !code.equals("dept")) {
            throw ProblemException.invalid("type", "'" + code + "' is not one of prov (a site), dept (a department)");
        }
        return code;
    }

    private static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }
}
