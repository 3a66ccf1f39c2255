package dev.gantry.api.canary;

/** What the offline canary judge answers: a Kayenta-style score, or a sequential verdict per window. */
public sealed interface Judgement permits KayentaResult, SequentialResult {}
