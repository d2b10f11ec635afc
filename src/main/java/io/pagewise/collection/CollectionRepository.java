package io.pagewise.collection;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.repository.ListCrudRepository;

/** Collections by name, and a page of them in name order after a cursor (keyset paging). */
interface CollectionRepository extends ListCrudRepository<CollectionRecord, Long> {

	Optional<CollectionRecord> findByName(String name);

	List<CollectionRecord> findByNameGreaterThanOrderByName(String after, Limit limit);

}
