/**
 * Each page's text layer: extracted once with PDFBox after a document renders (or on first use), stored beside
 * the page images, and the lexical first stage's input. Public to other features as the {@code text} interface of
 * the page feature.
 */
@NullMarked
@NamedInterface("text")
package io.pagewise.page.text;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
