/**
 * The PDFBox and Java2D drawing internals of the page feature: opening a PDF safely, a renderer that can be
 * cancelled and keeps image bombs bounded, the glyph cache, and views of images drawn in their place. Internal to
 * the page module: only {@code io.pagewise.page} uses it.
 */
@NullMarked
package io.pagewise.page.pdfbox;

import org.jspecify.annotations.NullMarked;
