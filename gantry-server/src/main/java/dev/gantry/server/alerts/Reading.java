package dev.gantry.server.alerts;

/**
 * One value of a rule's metric for one subject (an instance, an app, a host), with the group its alerts are
 * told in: an instance's app, an app, a host.
 */
record Reading(String group, String subject, String app, String host, double value) {}
