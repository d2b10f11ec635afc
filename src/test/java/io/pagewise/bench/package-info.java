/**
 * Benchmark harness: runnable mains, never tests (their names keep them out of {@code mvnw verify}). Run
 * everything with {@code bench/run.sh} at the repository root; results go to {@code BENCHMARKS.md}.
 */
@NullMarked
package io.pagewise.bench;

import org.jspecify.annotations.NullMarked;
