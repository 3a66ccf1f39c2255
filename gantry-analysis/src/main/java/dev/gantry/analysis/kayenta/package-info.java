/**
 * Kayenta's classic canary judge ({@code NetflixACAJudge-v1.0}), reproduced for teams that bring their Spinnaker
 * canary configurations: {@link dev.gantry.analysis.kayenta.KayentaConfig} reads the configuration,
 * {@link dev.gantry.analysis.kayenta.KayentaJudge} classifies each metric with the Mann-Whitney interval, the
 * effect-size gates and the critical flags, and scores the weighted groups. Written from Kayenta's documented and
 * observed behaviour; see the README, "Canary judge (offline)", for where it differs.
 */
package dev.gantry.analysis.kayenta;
