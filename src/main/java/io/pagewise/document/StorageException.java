package io.pagewise.document;

import java.io.IOException;
import java.util.Locale;

import io.pagewise.PagewiseException;
import org.springframework.http.HttpStatus;
import software.amazon.awssdk.core.exception.SdkException;

/** The document store could not be read or written: a server-side condition, never the client's fault. */
class StorageException extends PagewiseException {

	private StorageException(HttpStatus status, String code, String title, String detail, Exception cause) {
		super(status, code, title, detail, cause);
	}

	/** Object storage could not be reached or refused a request (credentials, bucket, throttling...). */
	static StorageException of(SdkException cause) {
		return unavailable(cause);
	}

	static StorageException of(IOException cause) {
		if (isDiskFull(cause)) {
			return new StorageException(HttpStatus.INSUFFICIENT_STORAGE, "storage-full", "Storage full",
					"The document store has no space left; try again later.", cause);
		}
		return unavailable(cause);
	}

	private static StorageException unavailable(Exception cause) {
		return new StorageException(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable", "Storage unavailable",
				"The document store cannot be read or written right now; try again later.", cause);
	}

	private static boolean isDiskFull(IOException cause) {
		String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
		return message.contains("no space left") || message.contains("disk quota");
	}

}
