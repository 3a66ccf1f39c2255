package dev.gantry.api.canary;

/**
 * One group's score in a Kayenta judgement: the share of its classified metrics that passed, 0..100.
 *
 * @param name   the group
 * @param score  passed / (passed + high + low + nodata-fail) x 100; 0 when none of its metrics had data
 * @param weight the group's weight in the summary score, percent (from {@code classifier.groupWeights}, or
 *               an equal share of what the listed weights leave)
 * @param noData whether none of its metrics had data (the group then counts as 100 in the summary, as in
 *               Kayenta)
 */
public record KayentaGroupScore(String name, double score, double weight, boolean noData) {}
