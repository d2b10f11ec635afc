/**
 * The lexical first stage: an embedded Lucene index of every page's text (BM25, multilingual analysis), each
 * replica's own cache, rebuildable from the text layers in the document store.
 */
@NullMarked
package io.pagewise.search;

import org.jspecify.annotations.NullMarked;
