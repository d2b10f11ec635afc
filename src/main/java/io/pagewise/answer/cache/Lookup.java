package io.pagewise.answer.cache;

/** A value and whether it came from the cache rather than a computation this caller started. */
public record Lookup<V>(V value, boolean cached) {
}
