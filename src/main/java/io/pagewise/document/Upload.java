package io.pagewise.document;

import java.io.IOException;
import java.io.InputStream;

/** The bytes a client sent, opened on demand (a multipart part spooled by the container). */
@FunctionalInterface
public interface Upload {

	InputStream open() throws IOException;

}
