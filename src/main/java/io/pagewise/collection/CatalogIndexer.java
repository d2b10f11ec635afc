package io.pagewise.collection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Brings this replica's {@link CatalogIndex} up to date from the catalog's change sequence: at start-up (from the
 * sequence the index says it holds, so a current index costs nothing) and then every
 * {@code pagewise.collections.index-poll}. A document's last change in a batch decides: added ones are indexed,
 * removed ones dropped unless they are still a member of another collection.
 */
@Component
class CatalogIndexer implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(CatalogIndexer.class);

	private static final int BATCH = 500;

	private final CatalogChanges changes;

	private final Collections collections;

	private final ObjectProvider<CatalogIndex> index;

	private final CollectionProperties properties;

	private @Nullable ScheduledExecutorService poller;

	CatalogIndexer(CatalogChanges changes, Collections collections, ObjectProvider<CatalogIndex> index,
			CollectionProperties properties) {
		this.changes = changes;
		this.collections = collections;
		this.index = index;
		this.properties = properties;
	}

	/** Applies every settled change the index has not seen; how many it applied. */
	int catchUp(CatalogIndex target) {
		int applied = 0;
		List<CatalogChange> batch;
		while (!(batch = this.changes.since(target.appliedSequence(), BATCH)).isEmpty()) {
			Map<String, CatalogChange.Kind> last = new LinkedHashMap<>();
			batch.forEach((change) -> last.put(change.documentId(), change.kind()));
			Set<String> drop = last.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() == CatalogChange.Kind.REMOVED)
				.map(Map.Entry::getKey)
				.filter((documentId) -> !this.collections.isMember(documentId))
				.collect(Collectors.toSet());
			Set<String> add = last.keySet().stream().filter((id) -> !drop.contains(id)).collect(Collectors.toSet());
			target.apply(add, drop, batch.getLast().sequence());
			applied += batch.size();
		}
		return applied;
	}

	@Override
	public synchronized void start() {
		CatalogIndex target = this.index.getIfAvailable();
		if (target == null) {
			return;
		}
		long every = this.properties.indexPoll().toMillis();
		this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("catalog-indexer").factory());
		this.poller.scheduleWithFixedDelay(() -> poll(target), 0, every, TimeUnit.MILLISECONDS);
	}

	private void poll(CatalogIndex target) {
		try {
			catchUp(target);
		}
		catch (RuntimeException ex) {
			// The next poll retries from the sequence the index kept; the catalog stays the source of truth.
			logger.warn("Could not bring the search index up to date with the catalog ({})", ex.toString());
		}
	}

	@Override
	public synchronized void stop() {
		if (this.poller != null) {
			this.poller.shutdownNow();
			this.poller = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.poller != null;
	}

}
