package io.pagewise.document;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import io.pagewise.PagewiseException;
import org.springframework.http.HttpStatus;

/** A document's identity: the lowercase hex SHA-256 of its bytes. Validated before any filesystem use. */
public record DocumentId(String value) {

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

	public DocumentId {
		if (value == null || !SHA256_HEX.matcher(value).matches()) {
			throw new PagewiseException(HttpStatus.BAD_REQUEST, "invalid-document-id", "Invalid document id",
					"A document id is the 64-character lowercase hex SHA-256 of the PDF.");
		}
	}

	public static DocumentId of(String value) {
		return new DocumentId(value);
	}

	static DocumentId of(MessageDigest sha256) {
		return new DocumentId(HexFormat.of().formatHex(sha256.digest()));
	}

	public static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM ships SHA-256", ex);
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
