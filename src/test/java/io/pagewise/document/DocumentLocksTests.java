package io.pagewise.document;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentLocksTests {

	@TempDir
	private Path dir;

	@Test
	void aDocumentBeingRenderedNeverHoldsUpAnotherThatSharedItsLockStripe() throws Exception {
		Documents documents = new Documents(
				new FilesystemDocumentStore(StorageProperties.filesystem(this.dir), JsonMapper.builder().build()),
				(event) -> {
				});
		byte[] first = "%PDF-1.7 first".getBytes(StandardCharsets.US_ASCII);
		DocumentId held = documents.store(() -> new ByteArrayInputStream(first)).id();
		byte[] other = sameStripeAs(held);
		try (PageWriter rendering = documents.open(held);
				ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			// While the first document renders (its lock held), the other one is stored, opened and deleted.
			Future<?> unrelated = threads.submit(() -> {
				DocumentId id = documents.store(() -> new ByteArrayInputStream(other)).id();
				try (PageWriter writer = documents.open(id)) {
					writer.write(1, 10, 20, FakeRendering.jpeg(1));
					writer.finish();
				}
				documents.delete(id);
			});
			unrelated.get(30, TimeUnit.SECONDS);
			assertThat(rendering.completed()).isEmpty();
		}
	}

	@Test
	void locksExistOnlyWhileHeldOrAwaited() throws Exception {
		DocumentLocks locks = new DocumentLocks();
		List<DocumentId> ids = List.of(DocumentId.of("a".repeat(64)), DocumentId.of("b".repeat(64)));
		try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
			List<Future<?>> all = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				all.add(threads.submit(() -> {
					for (int i = 0; i < 2000; i++) {
						Runnable unlock = locks.lock(ids.get(i % 2));
						unlock.run();
					}
				}));
			}
			for (Future<?> one : all) {
				one.get(60, TimeUnit.SECONDS);
			}
		}
		assertThat(locks.size()).isZero();
	}

	@Test
	void theSameDocumentIsLockedOnceAtATime() throws Exception {
		DocumentLocks locks = new DocumentLocks();
		DocumentId id = DocumentId.of("c".repeat(64));
		int[] counter = new int[1];
		try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
			List<Future<?>> all = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				all.add(threads.submit(() -> {
					for (int i = 0; i < 1000; i++) {
						Runnable unlock = locks.lock(id);
						try {
							counter[0]++;
						}
						finally {
							unlock.run();
						}
					}
				}));
			}
			for (Future<?> one : all) {
				one.get(60, TimeUnit.SECONDS);
			}
		}
		assertThat(counter[0]).isEqualTo(8000);
	}

	/** PDF bytes whose id fell into the same one of the 256 lock stripes Documents used before as {@code id}. */
	private static byte[] sameStripeAs(DocumentId id) {
		for (int n = 0;; n++) {
			byte[] bytes = ("%PDF-1.7 other " + n).getBytes(StandardCharsets.US_ASCII);
			String candidate = java.util.HexFormat.of().formatHex(DocumentId.newDigest().digest(bytes));
			if (Math.floorMod(candidate.hashCode(), 256) == Math.floorMod(id.value().hashCode(), 256)
					&& !candidate.equals(id.value())) {
				return bytes;
			}
		}
	}

}
