package io.pagewise.search;

import java.nio.file.Path;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The lexical index.
 *
 * @param dir where this replica keeps its index (a cache, rebuilt from the stored text layers when deleted); unset
 * means {@code <pagewise.storage.dir>/index}. Never shared by two processes: each replica needs its own.
 * @param maxQueryTerms distinct words (or character pairs) of a query that count; the rest are ignored
 */
@Validated
@ConfigurationProperties("pagewise.search")
record SearchProperties(@Nullable Path dir, @DefaultValue("256") @Min(1) @Max(1000) int maxQueryTerms) {
}
