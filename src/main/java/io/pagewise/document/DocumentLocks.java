package io.pagewise.document;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per document, held while the document is stored, its pages are written or it is deleted: documents
 * never wait for each other (a shared stripe did: one long render held up every document hashing to it). A lock
 * exists only while someone holds or waits for it, so memory follows the documents in use, not all documents.
 * Hand-written because the libraries at hand stripe (Guava's {@code Striped}) or hold locks weakly, which is exactly
 * what this must not do.
 */
final class DocumentLocks {

	private final ConcurrentHashMap<DocumentId, Held> locks = new ConcurrentHashMap<>();

	/** Locks the document, waiting for whoever holds it; the returned action unlocks it (once). */
	Runnable lock(DocumentId id) {
		Held held = this.locks.compute(id, (key, existing) -> {
			Held entry = (existing != null) ? existing : new Held();
			entry.users++;
			return entry;
		});
		try {
			held.lock.lock();
		}
		catch (RuntimeException | Error ex) {
			release(id, held);
			throw ex;
		}
		return () -> {
			held.lock.unlock();
			release(id, held);
		};
	}

	/** How many documents have a lock now: held or waited for. */
	int size() {
		return this.locks.size();
	}

	private void release(DocumentId id, Held held) {
		this.locks.computeIfPresent(id, (key, entry) -> (--entry.users == 0) ? null : entry);
	}

	/** A document's lock and how many threads hold or wait for it (changed only inside the map's compute). */
	private static final class Held {

		final ReentrantLock lock = new ReentrantLock();

		int users;

	}

}
