package io.pagewise.answer.cache;

/**
 * Where recomputable results are kept: in this process (the default) or in Redis, shared by every replica;
 * {@code pagewise.cache.type} chooses (see {@link ResultStores}).
 */
public interface ResultStore {

	/**
	 * A cache of one kind of result.
	 *
	 * @param name the kind of result, e.g. {@code rankings}; names its metrics and its keys
	 * @param type the values' type, to read them back from a shared store
	 * @param bounds how much to keep and for how long
	 */
	<K extends ResultKey, V> ResultCache<K, V> cache(String name, Class<V> type, ResultCache.Bounds bounds);

}
