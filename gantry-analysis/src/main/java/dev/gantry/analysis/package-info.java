/**
 * The canary judge. {@code sequential}: anytime-valid tests, the default; {@code kayenta}: Kayenta's
 * classic judge, for teams that bring their Spinnaker configurations. Pure computation: counts and
 * samples in, verdicts with their evidence out.
 */
package dev.gantry.analysis;
