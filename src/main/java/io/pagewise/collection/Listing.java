package io.pagewise.collection;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One page of a listing, in a stable order; {@code next} is the cursor for the following page ({@code ?after=}),
 * null on the last. Keyset paging: items added or removed meanwhile neither repeat nor go missing.
 */
record Listing<T>(List<T> items, @Nullable String next) {

	Listing {
		items = List.copyOf(items);
	}

	/** The first {@code size} of {@code fetched} (fetched with one extra to know whether more follow). */
	static <T> Listing<T> of(List<T> fetched, int size, Function<T, String> key) {
		if (fetched.size() <= size) {
			return new Listing<>(fetched, null);
		}
		List<T> page = fetched.subList(0, size);
		return new Listing<>(page, key.apply(page.get(size - 1)));
	}

	<R> Listing<R> map(Function<T, R> mapper) {
		return new Listing<>(this.items.stream().map(mapper).toList(), this.next);
	}

}
