package io.pagewise.collection;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** A collection as the database holds it; {@code version} makes concurrent edits fail instead of overwriting. */
@Table("collections")
record CollectionRecord(@Id @Nullable Long id, String name, String metadata, @Version @Nullable Long version,
		Instant createdAt, Instant updatedAt) {

	static CollectionRecord create(CollectionName name, Metadata metadata, Instant now) {
		return new CollectionRecord(null, name.value(), metadata.json(), null, now, now);
	}

	CollectionRecord withMetadata(Metadata metadata, Instant now) {
		return new CollectionRecord(this.id, this.name, metadata.json(), this.version, this.createdAt, now);
	}

	long requiredId() {
		if (this.id == null) {
			throw new IllegalStateException("Collection " + this.name + " is not saved yet");
		}
		return this.id;
	}

}
