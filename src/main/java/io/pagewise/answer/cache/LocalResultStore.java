package io.pagewise.answer.cache;

import io.micrometer.core.instrument.MeterRegistry;

/** Results kept in this process only (Caffeine). */
class LocalResultStore implements ResultStore {

	private final MeterRegistry meters;

	LocalResultStore(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	public <K extends ResultKey, V> ResultCache<K, V> cache(String name, Class<V> type, ResultCache.Bounds bounds) {
		return new LocalResultCache<>(bounds, this.meters, "pagewise." + name);
	}

}
