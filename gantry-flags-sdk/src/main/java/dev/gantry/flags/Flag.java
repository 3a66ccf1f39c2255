package dev.gantry.flags;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A feature flag as stored by the server and streamed to SDKs. Structural checks (key present,
 * collections never null) happen here; semantic checks (variant types, rule references, regexes,
 * weights) are {@link FlagValidator}'s job so that every problem is reported at once.
 *
 * @param type one of {@code boolean}, {@code string}, {@code number}, {@code json}
 * @param variants variant name to value; every value must match {@code type}
 * @param environments environment name to its targeting configuration
 * @param killSwitch when true every evaluation, in every environment, serves the caller's default
 * @param metadata string, number or boolean values handed back with every evaluation
 * @param version set by the server; 0 for a flag that was never stored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Flag(
        String key,
        String type,
        String description,
        Map<String, Object> variants,
        Map<String, EnvConfig> environments,
        List<Prerequisite> prerequisites,
        boolean killSwitch,
        Map<String, Object> metadata,
        long version,
        long updatedAt,
        String updatedBy) {

    public static final String BOOLEAN = "boolean";
    public static final String STRING = "string";
    public static final String NUMBER = "number";
    public static final String JSON = "json";

    public Flag {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("key: must not be blank");
        if (type == null || type.isBlank()) throw new IllegalArgumentException("type: must not be blank");
        variants = Copies.immutableMap(variants);
        environments = environments == null ? Map.of() : Copies.immutableCopy(environments);
        prerequisites = prerequisites == null ? List.of() : List.copyOf(prerequisites);
        metadata = Copies.immutableMap(metadata);
    }

    /** A flag with only the fields a client needs to evaluate it; handy in tests and examples. */
    public static Flag of(String key, String type, Map<String, Object> variants, Map<String, EnvConfig> environments) {
        return new Flag(key, type, null, variants, environments, null, false, null, 0, 0, null);
    }

    /** This flag with another version, update time and author (what the server stamps on a write). */
    public Flag withVersion(long newVersion, long newUpdatedAt, String newUpdatedBy) {
        return new Flag(
                key,
                type,
                description,
                variants,
                environments,
                prerequisites,
                killSwitch,
                metadata,
                newVersion,
                newUpdatedAt,
                newUpdatedBy);
    }

    /** This flag with the kill switch set as given. */
    public Flag withKillSwitch(boolean on) {
        return new Flag(
                key,
                type,
                description,
                variants,
                environments,
                prerequisites,
                on,
                metadata,
                version,
                updatedAt,
                updatedBy);
    }

    /** This flag with one environment added or replaced. */
    public Flag withEnvironment(String environment, EnvConfig config) {
        var envs = new java.util.LinkedHashMap<>(environments);
        envs.put(environment, config);
        return new Flag(
                key,
                type,
                description,
                variants,
                envs,
                prerequisites,
                killSwitch,
                metadata,
                version,
                updatedAt,
                updatedBy);
    }
}
