package io.pagewise.rerank.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An image document exactly as the rerank API requires it:
 * {@code {"content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,..."}}]}}. Never a bare
 * string: the API would score a base64 string as text, silently and badly.
 */
record ImageDocument(List<Part> content) {

	ImageDocument {
		content = List.copyOf(content);
	}

	static ImageDocument of(String dataUri) {
		return new ImageDocument(List.of(new Part("image_url", new ImageUrl(dataUri))));
	}

	record Part(String type, @JsonProperty("image_url") ImageUrl imageUrl) {
	}

	record ImageUrl(String url) {
	}

}
