/**
 * Collections: named sets of documents, each membership with its own title and metadata, kept in a relational
 * database (embedded H2 by default, PostgreSQL when configured); metadata filters; the candidate documents of a
 * question across a collection; the change sequence (outbox) that each replica's search index follows.
 */
@NullMarked
package io.pagewise.collection;

import org.jspecify.annotations.NullMarked;
