package dev.gantry.server.flags;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The writes {@link FlagValidationTest} sends to a control plane holding flag {@code banner} and segment
 * {@code used}: what each is, method, path, body, the status it must get and what the answer must say.
 */
final class BadFlagWrites {
    private BadFlagWrites() {}

    static Stream<Arguments> all() {
        String good = FlagFixtures.banner("banner", "edit");
        return Stream.of(
                Arguments.of(
                        "invalid regex",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace(
                                "\"op\":\"equals\",\"values\":[\"beta\"]",
                                "\"op\":\"matches\",\"values\":[\"(unclosed\"]"),
                        400,
                        "environments.production.rules[0].conditions[0]"),
                Arguments.of(
                        "a regex with a backreference",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace(
                                "\"op\":\"equals\",\"values\":[\"beta\"]",
                                "\"op\":\"matches\",\"values\":[\"^(\\\\w+)-\\\\1$\"]"),
                        400,
                        "environments.production.rules[0].conditions[0].values[0]: invalid regex: invalid escape sequence: `\\1` (RE2 syntax"),
                Arguments.of(
                        "a regex with a lookahead",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace(
                                "\"op\":\"equals\",\"values\":[\"beta\"]",
                                "\"op\":\"matches\",\"values\":[\"beta\",\"^(?=pro)\"]"),
                        400,
                        "environments.production.rules[0].conditions[0].values[1]: invalid regex: invalid or unsupported Perl syntax: `(?=`"),
                Arguments.of(
                        "a regex over 1000 characters",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace(
                                "\"op\":\"equals\",\"values\":[\"beta\"]",
                                "\"op\":\"matches\",\"values\":[\"" + "x".repeat(1001) + "\"]"),
                        400,
                        "environments.production.rules[0].conditions[0].values[0]: a regex must be at most 1000 characters, got 1001"),
                Arguments.of(
                        "a short regex that would compile to a billion instructions",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace(
                                "\"op\":\"equals\",\"values\":[\"beta\"]",
                                "\"op\":\"matches\",\"values\":[\"((a{1000}){1000}){1000}\"]"),
                        400,
                        "environments.production.rules[0].conditions[0].values[0]: a regex must compile to at most 2000 instructions"),
                Arguments.of(
                        "weights not adding up",
                        "POST",
                        "/api/v1/flags/banner/rollout",
                        "{\"env\":\"production\",\"weights\":{\"on\":30000,\"off\":30000},\"reason\":\"r\"}",
                        400,
                        "weights: must add up to 100000"),
                Arguments.of(
                        "rule naming an unknown variant",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace("\"variant\":\"on\"", "\"variant\":\"blue\""),
                        400,
                        "environments.production.rules[0].variant: unknown variant"),
                Arguments.of(
                        "variant of the wrong type",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace("\"on\":true", "\"on\":\"yes\""),
                        400,
                        "variants.on: expected boolean"),
                Arguments.of(
                        "missing reason",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace(",\n \"reason\":\"edit\"", "")
                                .replace("\"reason\":\"edit\"", "\"description\":\"x\""),
                        400,
                        "reason: is required"),
                Arguments.of(
                        "blank reason",
                        "POST",
                        "/api/v1/flags/banner/toggle",
                        "{\"env\":\"production\",\"on\":false,\"reason\":\"  \"}",
                        400,
                        "reason: is required"),
                Arguments.of(
                        "missing reason on delete", "DELETE", "/api/v1/flags/banner", null, 400, "reason: is required"),
                Arguments.of(
                        "unknown flag",
                        "POST",
                        "/api/v1/flags/nope/toggle",
                        "{\"env\":\"production\",\"on\":true,\"reason\":\"r\"}",
                        404,
                        "flag nope not found"),
                Arguments.of(
                        "unknown JSON field",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace("\"type\"", "\"colour\":\"red\",\"type\""),
                        400,
                        "unknown field \"colour\""),
                Arguments.of(
                        "unknown nested JSON field",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace("\"enabled\":true,\"defaultVariant\":\"on\"", "\"enabled\":true,\"dflt\":\"on\""),
                        400,
                        "environments.staging: unknown field \"dflt\""),
                Arguments.of(
                        "segment that does not exist",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace(
                                "\"attribute\":\"plan\",\"op\":\"equals\",\"values\":[\"beta\"]",
                                "\"attribute\":\"targetingKey\",\"op\":\"inSegment\",\"values\":[\"ghosts\"]"),
                        400,
                        "ghosts"),
                Arguments.of(
                        "deleting a segment in use",
                        "DELETE",
                        "/api/v1/segments/used?reason=r",
                        null,
                        409,
                        "used by flag(s) banner"),
                Arguments.of(
                        "path and body keys differ",
                        "PUT",
                        "/api/v1/flags/banner",
                        FlagFixtures.banner("other", "r"),
                        400,
                        "key: the path names flag \"banner\""),
                Arguments.of(
                        "toggle without env",
                        "POST",
                        "/api/v1/flags/banner/toggle",
                        "{\"on\":true,\"reason\":\"r\"}",
                        400,
                        "env: is required"),
                Arguments.of("not JSON", "PUT", "/api/v1/flags/banner", "{nope", 400, "invalid JSON"),
                Arguments.of(
                        "toggle on an environment without a default",
                        "POST",
                        "/api/v1/flags/banner/toggle",
                        "{\"env\":\"qa\",\"on\":true,\"reason\":\"r\"}",
                        400,
                        "environments.qa.defaultVariant"),
                Arguments.of(
                        "percentages not adding up",
                        "POST",
                        "/api/v1/flags/banner/rollout",
                        "{\"env\":\"production\",\"percentages\":{\"on\":30,\"off\":30.5},\"reason\":\"r\"}",
                        400,
                        "percentages: must add up to 100, got 60.5"),
                Arguments.of(
                        "a NaN percentage",
                        "POST",
                        "/api/v1/flags/banner/rollout",
                        "{\"env\":\"production\",\"percentages\":{\"on\":\"NaN\",\"off\":100},\"reason\":\"r\"}",
                        400,
                        "percentages.on: must be between 0 and 100, got NaN"),
                Arguments.of(
                        "a negative weight",
                        "POST",
                        "/api/v1/flags/banner/rollout",
                        "{\"env\":\"production\",\"weights\":{\"on\":-10000,\"off\":110000},\"reason\":\"r\"}",
                        400,
                        "weights.on: must be between 0 and 100000, got -10000"),
                Arguments.of(
                        "both weights and percentages",
                        "POST",
                        "/api/v1/flags/banner/rollout",
                        "{\"env\":\"production\",\"weights\":{\"on\":100000},\"percentages\":{\"on\":100},\"reason\":\"r\"}",
                        400,
                        "weights: give exactly one of"),
                Arguments.of(
                        "rollout naming an unknown variant",
                        "POST",
                        "/api/v1/flags/banner/rollout",
                        "{\"env\":\"production\",\"percentages\":{\"blue\":100},\"reason\":\"r\"}",
                        400,
                        "environments.production.rollout.weights[0].variant: unknown variant \"blue\""),
                Arguments.of(
                        "rollout without a reason",
                        "POST",
                        "/api/v1/flags/banner/rollout",
                        "{\"env\":\"production\",\"percentages\":{\"on\":50,\"off\":50}}",
                        400,
                        "reason: is required"),
                Arguments.of(
                        "a rollout listing a variant twice",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace(
                                "\"enabled\":true,\"defaultVariant\":\"on\"",
                                "\"enabled\":true,\"rollout\":{\"weights\":[{\"variant\":\"on\",\"weight\":50000},{\"variant\":\"on\",\"weight\":50000}]}"),
                        400,
                        "environments.staging.rollout.weights[1].variant: \"on\" is listed twice"),
                Arguments.of(
                        "a variant given twice",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace("\"on\":true,\"off\":false", "\"on\":true,\"on\":false,\"off\":false"),
                        400,
                        "variants.on: is given twice"),
                Arguments.of(
                        "a toggle giving on twice",
                        "POST",
                        "/api/v1/flags/banner/toggle",
                        "{\"env\":\"production\",\"on\":true,\"on\":false,\"reason\":\"r\"}",
                        400,
                        "on: is given twice"),
                Arguments.of(
                        "a toggle value that is not a boolean",
                        "POST",
                        "/api/v1/flags/banner/toggle",
                        "{\"env\":\"production\",\"on\":\"yes\",\"reason\":\"r\"}",
                        400,
                        "on: Cannot deserialize"),
                Arguments.of(
                        "an environment name with a space",
                        "POST",
                        "/api/v1/flags/banner/toggle",
                        "{\"env\":\"prod uction\",\"on\":true,\"reason\":\"r\"}",
                        400,
                        "env: must match"),
                Arguments.of(
                        "a number too large for a double",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace("\"boolean\"", "\"number\"")
                                .replace("\"on\":true,\"off\":false", "\"on\":1e400,\"off\":0"),
                        400,
                        "variants.on: numbers must be finite"),
                Arguments.of(
                        "a reason that is not a string",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace("\"reason\":\"edit\"", "\"reason\":{\"why\":\"x\"}"),
                        400,
                        "reason: expected a string"),
                Arguments.of(
                        "unknown flag on rollout",
                        "POST",
                        "/api/v1/flags/nope/rollout",
                        "{\"env\":\"production\",\"percentages\":{\"on\":100},\"reason\":\"r\"}",
                        404,
                        "flag nope not found"),
                Arguments.of(
                        "unknown flag on delete",
                        "DELETE",
                        "/api/v1/flags/nope?reason=r",
                        null,
                        404,
                        "flag nope not found"),
                Arguments.of(
                        "a key with a space",
                        "PUT",
                        "/api/v1/flags/bad%20key",
                        FlagFixtures.banner("bad key", "r"),
                        400,
                        "key: must match [A-Za-z0-9._-]{1,128}, got \"bad key\""),
                Arguments.of(
                        "a key of two dots",
                        "PUT",
                        "/api/v1/flags/%2E%2E",
                        FlagFixtures.banner("..", "r"),
                        400,
                        "key: must not be \".\" or \"..\""),
                Arguments.of(
                        "the reserved key stream",
                        "PUT",
                        "/api/v1/flags/stream",
                        FlagFixtures.banner("stream", "r"),
                        400,
                        "\"stream\" is reserved"),
                Arguments.of(
                        "a body that is not an object",
                        "PUT",
                        "/api/v1/flags/banner",
                        "[]",
                        400,
                        "body: expected a JSON object"),
                Arguments.of(
                        "a toggle body that is not JSON",
                        "POST",
                        "/api/v1/flags/banner/toggle",
                        "{nope",
                        400,
                        "invalid JSON at line 1, column 2"),
                Arguments.of(
                        "a body over 1 MiB",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace("new banner", "x".repeat(1 << 21)),
                        413,
                        "body: must be at most 1048576 bytes"),
                Arguments.of(
                        "a stale version on put",
                        "PUT",
                        "/api/v1/flags/banner",
                        good.replace("\"reason\"", "\"version\":7,\"reason\""),
                        409,
                        "version: expected 7, stored 1"),
                Arguments.of(
                        "a stale version on toggle",
                        "POST",
                        "/api/v1/flags/banner/toggle",
                        "{\"env\":\"production\",\"on\":false,\"version\":7,\"reason\":\"r\"}",
                        409,
                        "version: expected 7, stored 1"),
                Arguments.of(
                        "a stale version on rollout",
                        "POST",
                        "/api/v1/flags/banner/rollout",
                        "{\"env\":\"production\",\"percentages\":{\"on\":50,\"off\":50},\"version\":7,\"reason\":\"r\"}",
                        409,
                        "version: expected 7, stored 1"),
                Arguments.of(
                        "a stale version on delete",
                        "DELETE",
                        "/api/v1/flags/banner?reason=r&version=7",
                        null,
                        409,
                        "version: expected 7, stored 1"),
                Arguments.of(
                        "a segment with an invalid regex",
                        "PUT",
                        "/api/v1/segments/used",
                        "{\"key\":\"used\",\"conditions\":[{\"attribute\":\"email\",\"op\":\"matches\",\"values\":[\"(x\"]}],\"reason\":\"r\"}",
                        400,
                        "conditions[0].values[0]: invalid regex: missing closing ): `(x`"),
                Arguments.of(
                        "a segment naming a segment",
                        "PUT",
                        "/api/v1/segments/used",
                        "{\"key\":\"used\",\"conditions\":[{\"attribute\":\"k\",\"op\":\"inSegment\",\"values\":[\"used\"]}],\"reason\":\"r\"}",
                        400,
                        "conditions[0].op: inSegment is not allowed inside a segment"),
                Arguments.of(
                        "a segment without a reason",
                        "PUT",
                        "/api/v1/segments/used",
                        "{\"key\":\"used\",\"included\":[\"u2\"]}",
                        400,
                        "reason: is required"),
                Arguments.of(
                        "a segment with an unknown field",
                        "PUT",
                        "/api/v1/segments/used",
                        "{\"key\":\"used\",\"include\":[\"u2\"],\"reason\":\"r\"}",
                        400,
                        "unknown field \"include\""),
                Arguments.of(
                        "a segment whose path and body keys differ",
                        "PUT",
                        "/api/v1/segments/used",
                        "{\"key\":\"other\",\"included\":[\"u2\"],\"reason\":\"r\"}",
                        400,
                        "key: the path names segment \"used\""),
                Arguments.of(
                        "a stale version on a segment",
                        "PUT",
                        "/api/v1/segments/used",
                        "{\"key\":\"used\",\"included\":[\"u2\"],\"version\":7,\"reason\":\"r\"}",
                        409,
                        "version: expected 7, stored 1"),
                Arguments.of(
                        "deleting a segment without a reason",
                        "DELETE",
                        "/api/v1/segments/used",
                        null,
                        400,
                        "reason: is required"));
    }
}
