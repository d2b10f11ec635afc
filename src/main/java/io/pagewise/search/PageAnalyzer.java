package io.pagewise.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.icu.segmentation.DefaultICUTokenizerConfig;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;

/**
 * Page texts and queries in any language, analysed alike: Unicode word boundaries per script (ICU), case, width and
 * accents folded, Chinese, Japanese and Korean as overlapping character pairs, Arabic normalized and lightly
 * stemmed.
 * <p>
 * ICU tags every Han, Hiragana, Katakana and Hangul token with its script; without its dictionaries
 * ({@code cjkAsWords=false}) Han and Hiragana come out one character at a time, which {@link CJKBigramFilter} joins
 * into bigrams (a lone character stays a unigram): no dictionary to miss a company's name or a technical term, at the
 * cost of a larger index — the approach of Lucene's own CJKAnalyzer, on ICU's segmentation.
 */
final class PageAnalyzer extends Analyzer {

	@Override
	protected TokenStreamComponents createComponents(String fieldName) {
		Tokenizer tokenizer = new ICUTokenizer(new DefaultICUTokenizerConfig(false, true));
		// Folding first: full-width Latin and half-width Katakana become their usual forms before bigramming.
		TokenStream stream = new ICUFoldingFilter(tokenizer);
		stream = new CJKBigramFilter(stream);
		stream = new ArabicNormalizationFilter(stream);
		// Strips the article and common affixes of Arabic words only; other scripts pass unchanged.
		stream = new ArabicStemFilter(stream);
		return new TokenStreamComponents(tokenizer, stream);
	}

	@Override
	protected TokenStream normalize(String fieldName, TokenStream in) {
		return new ArabicNormalizationFilter(new ICUFoldingFilter(in));
	}

}
