package io.pagewise.search;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.sun.management.OperatingSystemMXBean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagewise.document.DocumentId;
import io.pagewise.document.Documents;
import io.pagewise.document.TestDocuments;
import io.pagewise.page.text.DocumentText;
import io.pagewise.page.text.PageText;
import io.pagewise.page.text.PageTexts;
import io.pagewise.page.text.TestTexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lexical first stage measured, not a test (no assertions; never part of the default run, whose includes it does
 * not match): extracts and indexes {@code corpus/real}, then reports the text extraction time per page, first-stage
 * latency p50/p99 over the corpus and over a synthetic 10,000-page set, and the recall of the answer page of
 * {@code corpus/QUESTIONS.tsv} among the top K, per language. Writes {@code target/first-stage-benchmark.md}.
 *
 * <pre>
 * ./mvnw -B test -Dtest=FirstStageBenchmark -Dbench=true -Dpagewise.corpus.dir=/path/to/corpus
 * </pre>
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class FirstStageBenchmark {

	private static final int[] KS = { 20, 50, 100, 200 };

	private static final int CANDIDATES = 100;

	private static final int SYNTHETIC_DOCUMENTS = 100;

	private static final int SYNTHETIC_PAGES = 100;

	private static final int QUERIES = 1000;

	private final StringBuilder report = new StringBuilder();

	@TempDir
	private Path dir;

	@Test
	void measure() throws Exception {
		Path corpus = Path.of(System.getProperty("pagewise.corpus.dir",
				System.getenv().getOrDefault("PAGEWISE_CORPUS_DIR", "../shared/corpus")));
		Documents documents = TestDocuments.onDisk(this.dir.resolve("data"), (event) -> {
		});
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		PageTexts texts = TestTexts.of(documents, registry);
		PageIndex index = new PageIndex(this.dir.resolve("index"));
		PageSearch search = new PageSearch(index, texts, documents, new SearchProperties(null, 256), registry);
		try {
			line("Machine: %d cores, load average at start %s; heap %d MiB", Runtime.getRuntime().availableProcessors(),
					loadAverage(), Runtime.getRuntime().maxMemory() >> 20);
			Map<String, String> ids = ingest(corpus, documents);
			Map<String, DocumentText> extracted = extract(ids, texts);
			warmExtraction(corpus, registry);
			index(ids, search);
			List<String> queries = queries(extracted, new Random(7));
			latency("corpus/real (" + pages(extracted) + " pages, 39 documents)", search, queries, ids.values());
			List<String> synthetic = synthesize(extracted, index, new Random(11));
			latency("synthetic (" + SYNTHETIC_DOCUMENTS * SYNTHETIC_PAGES + " pages, " + SYNTHETIC_DOCUMENTS
					+ " documents)", search, queries, synthetic);
			recall(corpus, ids, extracted, search);
			line("Load average at end %s", loadAverage());
		}
		finally {
			texts.destroy();
			index.destroy();
			Files.writeString(Path.of("target", "first-stage-benchmark.md"), this.report);
			System.out.println(this.report);
		}
	}

	private Map<String, String> ingest(Path corpus, Documents documents) throws IOException {
		Map<String, String> ids = new TreeMap<>();
		try (Stream<Path> files = Files.list(corpus.resolve("real"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".pdf")).sorted().toList()) {
				ids.put(file.getFileName().toString(), documents.store(() -> Files.newInputStream(file)).id().value());
			}
		}
		return ids;
	}

	/** Extraction alone, one document at a time on the one text worker, after a warm-up pass on a copy. */
	private Map<String, DocumentText> extract(Map<String, String> ids, PageTexts texts) {
		Map<String, DocumentText> extracted = new LinkedHashMap<>();
		line("%n### Text extraction (PDFBox, one worker)%n");
		line("| document | pages | ms | ms/page |");
		line("|---|---|---|---|");
		long totalNanos = 0;
		for (Map.Entry<String, String> entry : ids.entrySet()) {
			long start = System.nanoTime();
			DocumentText text = texts.texts(DocumentId.of(entry.getValue()));
			long nanos = System.nanoTime() - start;
			totalNanos += nanos;
			extracted.put(entry.getKey(), text);
			line("| %s | %d | %.0f | %.2f |", entry.getKey(), text.pageCount(), nanos / 1e6,
					nanos / 1e6 / Math.max(1, text.pageCount()));
		}
		long textless = extracted.values().stream().flatMap((t) -> t.pages().stream()).filter(PageText::textless).count();
		line("%nAll: %d pages in %.1f s, %.2f ms/page (cold JVM, storing the text included); %d textless pages.",
				pages(extracted), totalNanos / 1e9, totalNanos / 1e6 / pages(extracted), textless);
		return extracted;
	}

	/** The same extraction again on the now warm JVM, into a fresh store: the steady-state cost per page. */
	private void warmExtraction(Path corpus, SimpleMeterRegistry registry) throws Exception {
		Documents fresh = TestDocuments.onDisk(this.dir.resolve("warm"), (event) -> {
		});
		PageTexts texts = TestTexts.of(fresh, new SimpleMeterRegistry());
		try {
			Map<String, String> ids = ingest(corpus, fresh);
			long pages = 0;
			OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
			long startCpu = os.getProcessCpuTime();
			long start = System.nanoTime();
			StringBuilder perDocument = new StringBuilder();
			for (Map.Entry<String, String> entry : ids.entrySet()) {
				long documentCpu = os.getProcessCpuTime();
				int count = texts.texts(DocumentId.of(entry.getValue())).pageCount();
				pages += count;
				perDocument.append(String.format(Locale.ROOT, "%s %.2f, ", entry.getKey(),
						(os.getProcessCpuTime() - documentCpu) / 1e6 / Math.max(1, count)));
			}
			long nanos = System.nanoTime() - start;
			long cpu = os.getProcessCpuTime() - startCpu;
			line("Warm pass, process CPU ms/page per document: %s", perDocument);
			line("Warm (second pass, fresh store): %d pages in %.1f s wall, %.2f ms/page wall; process CPU %.1f s, "
					+ "**%.2f ms CPU/page** (JIT and GC included; load average %s).", pages, nanos / 1e9,
					nanos / 1e6 / pages, cpu / 1e9, cpu / 1e6 / pages, loadAverage());
		}
		finally {
			texts.destroy();
		}
	}

	private void index(Map<String, String> ids, PageSearch search) {
		long start = System.nanoTime();
		ids.values().forEach(search::index);
		line("Indexing the 39 documents (texts already stored, one commit each): %.1f s", (System.nanoTime() - start) / 1e9);
	}

	private void latency(String set, PageSearch search, List<String> queries, java.util.Collection<String> ids) {
		for (int i = 0; i < 200; i++) {
			search.search(queries.get(i % queries.size()), ids, CANDIDATES);
		}
		long[] nanos = new long[queries.size()];
		long[] cpu = new long[queries.size()];
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (int i = 0; i < queries.size(); i++) {
			long startCpu = threads.getCurrentThreadCpuTime();
			long start = System.nanoTime();
			search.search(queries.get(i), ids, CANDIDATES);
			nanos[i] = System.nanoTime() - start;
			cpu[i] = threads.getCurrentThreadCpuTime() - startCpu;
		}
		Arrays.sort(nanos);
		Arrays.sort(cpu);
		line("%nFirst stage on %s, top %d of the set's documents, %d queries: wall p50 %.2f ms, p99 %.2f ms, "
				+ "max %.2f ms; CPU p50 %.2f ms, p99 %.2f ms (load average %s)", set, CANDIDATES, nanos.length,
				nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6, nanos[nanos.length - 1] / 1e6,
				cpu[cpu.length / 2] / 1e6, cpu[cpu.length * 99 / 100] / 1e6, loadAverage());
	}

	/** The 10 questions and snippets of 3 to 8 words from random corpus pages: questions of realistic vocabulary. */
	private static List<String> queries(Map<String, DocumentText> extracted, Random random) {
		List<PageText> pages = extracted.values().stream().flatMap((t) -> t.pages().stream())
			.filter((p) -> !p.textless()).toList();
		List<String> queries = new ArrayList<>();
		while (queries.size() < QUERIES) {
			String[] words = pages.get(random.nextInt(pages.size())).text().split("\\s+");
			int length = 3 + random.nextInt(6);
			int from = random.nextInt(Math.max(1, words.length - length));
			queries.add(String.join(" ", Arrays.copyOfRange(words, from, Math.min(words.length, from + length))));
		}
		return queries;
	}

	/** 10,000 pages, each stitched from windows of two random corpus pages: the corpus's own words and languages. */
	private static List<String> synthesize(Map<String, DocumentText> extracted, PageIndex index, Random random) {
		List<String> texts = extracted.values().stream().flatMap((t) -> t.pages().stream())
			.filter((p) -> !p.textless()).map(PageText::text).toList();
		List<String> ids = new ArrayList<>();
		for (int d = 0; d < SYNTHETIC_DOCUMENTS; d++) {
			String id = String.format("%064x", d + 1);
			List<PageText> pages = new ArrayList<>();
			for (int p = 1; p <= SYNTHETIC_PAGES; p++) {
				String text = window(texts.get(random.nextInt(texts.size())), random) + "\n"
						+ window(texts.get(random.nextInt(texts.size())), random);
				pages.add(new PageText(p, text, false));
			}
			index.put(id, pages);
			ids.add(id);
		}
		return ids;
	}

	private static String window(String text, Random random) {
		int length = Math.min(text.length(), 1500);
		int from = random.nextInt(text.length() - length + 1);
		return text.substring(from, from + length);
	}

	private void recall(Path corpus, Map<String, String> ids, Map<String, DocumentText> extracted, PageSearch search)
			throws IOException {
		Map<String, int[]> found = new TreeMap<>();
		Map<String, Integer> asked = new TreeMap<>();
		line("%n### Recall of the answer page (QUESTIONS.tsv, all 39 documents)%n");
		line("| question's document | language | answer page | rank of the answer page |");
		line("|---|---|---|---|");
		List<String> lines = Files.readAllLines(corpus.resolve("QUESTIONS.tsv"));
		for (String row : lines.subList(1, lines.size())) {
			String[] cells = row.split("\t");
			String file = Path.of(cells[0]).getFileName().toString();
			int page = Integer.parseInt(cells[2]);
			String language = language(extracted.get(file));
			List<PageHit> hits = search.search(cells[1], ids.values(), KS[KS.length - 1]);
			int rank = rank(hits, ids.get(file), page);
			line("| %s | %s | %d | %s |", file, language, page, (rank > 0) ? rank : "> 200");
			for (String key : List.of(language, "all")) {
				asked.merge(key, 1, Integer::sum);
				int[] counts = found.computeIfAbsent(key, (k) -> new int[KS.length]);
				for (int k = 0; k < KS.length; k++) {
					counts[k] += (rank > 0 && rank <= KS[k]) ? 1 : 0;
				}
			}
		}
		line("%n| language | questions | recall@20 | @50 | @100 | @200 |");
		line("|---|---|---|---|---|---|");
		asked.forEach((language, n) -> {
			int[] counts = found.get(language);
			line("| %s | %d | %d/%d | %d/%d | %d/%d | %d/%d |", language, n, counts[0], n, counts[1], n, counts[2], n,
					counts[3], n);
		});
	}

	private static int rank(List<PageHit> hits, String documentId, int page) {
		for (int i = 0; i < hits.size(); i++) {
			if (hits.get(i).documentId().equals(documentId) && hits.get(i).page() == page) {
				return i + 1;
			}
		}
		return -1;
	}

	/** The document's language by the scripts in its text: kana means Japanese, Han without kana Chinese. */
	private static String language(DocumentText text) {
		Map<Character.UnicodeScript, Long> scripts = new TreeMap<>();
		text.pages().forEach((page) -> page.text().codePoints().filter(Character::isLetter)
			.forEach((cp) -> scripts.merge(Character.UnicodeScript.of(cp), 1L, Long::sum)));
		long kana = scripts.getOrDefault(Character.UnicodeScript.HIRAGANA, 0L)
				+ scripts.getOrDefault(Character.UnicodeScript.KATAKANA, 0L);
		if (kana > 20) {
			return "ja";
		}
		if (scripts.getOrDefault(Character.UnicodeScript.HAN, 0L) > 20) {
			return "zh";
		}
		if (scripts.getOrDefault(Character.UnicodeScript.HANGUL, 0L) > 20) {
			return "ko";
		}
		return (scripts.getOrDefault(Character.UnicodeScript.ARABIC, 0L) > 20) ? "ar" : "en";
	}

	private static long pages(Map<String, DocumentText> extracted) {
		return extracted.values().stream().mapToLong(DocumentText::pageCount).sum();
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private void line(String format, Object... args) {
		this.report.append(String.format(Locale.ROOT, format, args)).append('\n');
	}

}
