package io.pagewise.collection;

import java.util.regex.Pattern;

/** A collection's name: its identity in URLs, validated before it reaches the database. */
record CollectionName(String value) {

	private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

	CollectionName {
		if (value == null || !VALID.matcher(value).matches()) {
			throw CollectionProblems.invalidName();
		}
	}

	static CollectionName of(String value) {
		return new CollectionName(value);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
