package io.pagewise.document;

/** A stored page image's metadata, as recorded in the document manifest. */
public record PageInfo(int page, int width, int height, long imageBytes) {
}
