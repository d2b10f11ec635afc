package io.pagewise.page.text;

/**
 * One page's text layer.
 *
 * @param page the 1-based page number
 * @param text the page's text, whitespace collapsed, at most {@code pagewise.text.max-chars-per-page} characters
 * @param textless whether the page has fewer than {@code pagewise.text.min-letters} letters: a scan or an image-only
 * page, which only a visual retriever can judge
 */
public record PageText(int page, String text, boolean textless) {
}
