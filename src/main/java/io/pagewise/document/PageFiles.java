package io.pagewise.document;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The names of stored page images, {@code <n>.jpg}, the same in every store. */
final class PageFiles {

	private static final Pattern PAGE = Pattern.compile("([1-9][0-9]{0,8})\\.jpg");

	private PageFiles() {
	}

	static String name(int page) {
		return page + ".jpg";
	}

	/** The page number of a stored page's file name; empty for anything else (such as a write in progress). */
	static Optional<Integer> number(String fileName) {
		Matcher matcher = PAGE.matcher(fileName);
		return matcher.matches() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
	}

}
