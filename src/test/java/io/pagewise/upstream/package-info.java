/**
 * A faithful stand-in for the inference service ({@code vultr-api.md}) for tests and benchmarks: an in-process
 * WireMock server with the real routes, limits and quirks, plus generated page images.
 */
@NullMarked
package io.pagewise.upstream;

import org.jspecify.annotations.NullMarked;
