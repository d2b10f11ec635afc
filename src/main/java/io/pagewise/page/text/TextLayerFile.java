package io.pagewise.page.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A document's text layer in the document store: one JSON file beside the page images ({@code derived/text.json}),
 * content-addressed with them and deleted with them. One object per document keeps S3 at one request per read.
 */
final class TextLayerFile {

	static final String NAME = "text.json";

	/** Raised when what extraction keeps changes; an older file is then extracted again on first use. */
	static final int VERSION = 1;

	private final Documents documents;

	private final JsonMapper json;

	private final int minLetters;

	TextLayerFile(Documents documents, JsonMapper json, int minLetters) {
		this.documents = documents;
		this.json = json;
		this.minLetters = minLetters;
	}

	Optional<DocumentText> read(DocumentId id) {
		return this.documents.derived(id, NAME).flatMap(this::parse).map((stored) -> text(id, stored));
	}

	/** Stores the text layer; false when the document was deleted meanwhile (nothing is stored then). */
	boolean write(DocumentId id, TextExtractor.Extracted extracted) {
		Stored stored = new Stored(VERSION, extracted.complete(), extracted.pages());
		return this.documents.storeDerived(id, NAME, this.json.writeValueAsBytes(stored));
	}

	DocumentText text(DocumentId id, TextExtractor.Extracted extracted) {
		return text(id, new Stored(VERSION, extracted.complete(), extracted.pages()));
	}

	private Optional<Stored> parse(byte[] bytes) {
		try {
			Stored stored = this.json.readValue(bytes, Stored.class);
			return (stored.version() == VERSION) ? Optional.of(stored) : Optional.empty();
		}
		catch (JacksonException ex) {
			// Only ever written whole; an unreadable file is extracted again.
			return Optional.empty();
		}
	}

	private DocumentText text(DocumentId id, Stored stored) {
		List<PageText> pages = new ArrayList<>(stored.pages().size());
		for (int i = 0; i < stored.pages().size(); i++) {
			String text = stored.pages().get(i);
			pages.add(new PageText(i + 1, text, letters(text) < this.minLetters));
		}
		return new DocumentText(id, pages, stored.complete());
	}

	/** Letters of any script, ideographs included: what makes a page searchable by its words. */
	private static long letters(String text) {
		return text.codePoints().filter(Character::isLetter).count();
	}

	/** The file's JSON shape: {@code {"version":1,"complete":true,"pages":["page 1 text", ...]}}. */
	record Stored(int version, boolean complete, List<String> pages) {

		Stored {
			pages = List.copyOf(pages);
		}

	}

}
