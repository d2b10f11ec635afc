package io.pagewise.answer;

import org.jspecify.annotations.Nullable;

/** A page a question over a collection may be answered from: its document, that document's title, its number. */
record CandidatePage(String documentId, @Nullable String title, int page) {

	/** How the page is named to the chat model beside its image. */
	String label() {
		String document = (this.title != null) ? "\"" + this.title + "\"" : this.documentId.substring(0, 12);
		return "Document " + document + ", page " + this.page + ":";
	}

}
