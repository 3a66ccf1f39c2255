/**
 * The sequential canary judge ({@link dev.gantry.analysis.sequential.SequentialJudge}): anytime-valid tests per
 * metric whose false-alarm guarantee holds at every look. Papers implemented: Lindon and Malek (2022),
 * "Anytime-Valid Inference for Multinomial Count Data", NeurIPS (errors); Howard and Ramdas (2022), "Sequential
 * estimation of quantiles with applications to A/B-testing and best-arm identification", Bernoulli (latency);
 * Howard, Ramdas, McAuliffe and Sekhon (2021), "Time-uniform, nonparametric, nonasymptotic confidence sequences",
 * Annals of Statistics (the beta-binomial and normal mixtures; CPU and memory).
 */
package dev.gantry.analysis.sequential;
