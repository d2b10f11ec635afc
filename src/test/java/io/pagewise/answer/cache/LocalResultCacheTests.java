package io.pagewise.answer.cache;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagewise.document.DocumentId;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process results cache, and what a delete does to it. */
class LocalResultCacheTests {

	private static final DocumentId DOCUMENT = DocumentId.of("c".repeat(64));

	private final LocalResultCache<Key, String> cache = new LocalResultCache<>(
			new ResultCache.Bounds(100, Duration.ofHours(1)), new SimpleMeterRegistry(), "test");

	@Test
	void aComputedResultIsServedToTheNextLookupAsCached() {
		assertThat(this.cache.lookup(key("q"), () -> Mono.just("one")).block()).isEqualTo(new Lookup<>("one", false));
		assertThat(this.cache.lookup(key("q"), () -> Mono.just("two")).block()).isEqualTo(new Lookup<>("one", true));
	}

	@Test
	void aComputationStillRunningWhenTheDocumentIsDeletedIsNotCachedAfterwards() throws Exception {
		CompletableFuture<String> slow = new CompletableFuture<>();
		CompletableFuture<Lookup<String>> running = this.cache.lookup(key("q"), () -> Mono.fromFuture(slow))
			.toFuture();

		this.cache.evict(DOCUMENT);
		slow.complete("computed before the delete");

		assertThat(running.get(5, TimeUnit.SECONDS).value()).isEqualTo("computed before the delete");
		assertThat(this.cache.existing(key("q"))).isEmpty();
		assertThat(this.cache.lookup(key("q"), () -> Mono.just("anew")).block()).isEqualTo(new Lookup<>("anew", false));
	}

	@Test
	void aValuePutAfterItsDocumentWasDeletedIsDroppedButOneBegunAfterTheDeleteIsKept() {
		ResultCache.Generation before = this.cache.generation(DOCUMENT);
		this.cache.evict(DOCUMENT);

		this.cache.put(key("streamed before"), "stale", before);
		this.cache.put(key("streamed after"), "fresh", this.cache.generation(DOCUMENT));

		assertThat(this.cache.existing(key("streamed before"))).isEmpty();
		assertThat(this.cache.existing(key("streamed after")).orElseThrow().block()).isEqualTo("fresh");
	}

	@Test
	void evictionDropsOnlyThatDocument() {
		DocumentId other = DocumentId.of("d".repeat(64));
		this.cache.lookup(key("q"), () -> Mono.just("mine")).block();
		this.cache.lookup(new Key(other, "q"), () -> Mono.just("other")).block();

		this.cache.evict(DOCUMENT);

		assertThat(this.cache.existing(key("q"))).isEmpty();
		assertThat(this.cache.existing(new Key(other, "q"))).isPresent();
	}

	private static Key key(String name) {
		return new Key(DOCUMENT, name);
	}

	record Key(DocumentId documentId, String name) implements ResultKey {

		@Override
		public String digest() {
			return ResultKey.digest(this.name);
		}

	}

}
