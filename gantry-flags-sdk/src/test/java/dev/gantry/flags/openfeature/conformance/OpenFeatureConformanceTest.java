package dev.gantry.flags.openfeature.conformance;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

/**
 * The OpenFeature specification's Gherkin conformance features (Apache-2.0, from open-feature/spec,
 * kept in shared/openfeature and put on the test classpath by this module's pom) run through
 * {@link dev.gantry.flags.openfeature.GantryProvider} over Gantry's translation of test-flags.json
 * ({@code src/test/resources/openfeature/gantry-test-flags.json}). Excluded tags as the OpenFeature
 * Java SDK excludes them; {@code reason-codes-cached} because Gantry evaluates locally and never
 * reports CACHED.
 */
@Suite
@IncludeEngines("cucumber")
@SelectClasspathResource("openfeature/evaluation_v2.feature")
@SelectClasspathResource("openfeature/metadata.feature")
@SelectClasspathResource("openfeature/hooks.feature")
@SelectClasspathResource("openfeature/contextMerging.feature")
@ConfigurationParameter(key = GLUE_PROPERTY_NAME, value = "dev.gantry.flags.openfeature.conformance")
@ConfigurationParameter(key = PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, value = "true")
@ExcludeTags({"deprecated", "async", "immutability", "evaluation-options", "reason-codes-cached"})
public class OpenFeatureConformanceTest {}
