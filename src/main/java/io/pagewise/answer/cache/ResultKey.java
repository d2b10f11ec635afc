package io.pagewise.answer.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

import io.pagewise.document.DocumentId;

/** What a result is cached under: its document, and a digest of everything else that identifies it. */
public interface ResultKey {

	DocumentId documentId();

	/** A fixed-length digest of the key's other parts (questions can be long), for shared caches. */
	String digest();

	static String digest(Object... parts) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			for (Object part : parts) {
				// Length-prefixed: no two different part lists give the same input.
				byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
				sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
				sha256.update(bytes);
			}
			return HexFormat.of().formatHex(sha256.digest(), 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM ships SHA-256", ex);
		}
	}

	/** Folds case, width variants and whitespace, so trivially different phrasings share a result. */
	static String normalize(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
	}

}
