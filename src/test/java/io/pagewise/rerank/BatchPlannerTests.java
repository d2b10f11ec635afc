package io.pagewise.rerank;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.pagewise.PagewiseException;
import io.pagewise.page.PageImage;
import io.pagewise.rerank.client.RerankBody;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BatchPlannerTests {

	private static final RerankBody BODY = RerankBody.of("vultr/VultronRetrieverFlash-Qwen3.5-0.8B",
			"Which page shows \"Q3\" revenue?");

	private static final long LIMIT = 950_000;

	@Test
	void everyBatchStaysStrictlyUnderTheLimitAndIsAsFullAsItCanBe() {
		List<PageImage> pages = pages(80, new Random(7), 40_000, 300_000);
		List<List<PageImage>> batches = plan(new BatchPlanner(BODY, LIMIT, 0), pages);
		assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(pages);
		for (int i = 0; i < batches.size(); i++) {
			List<PageImage> batch = batches.get(i);
			assertThat(BODY.size(batch)).isLessThan(LIMIT);
			if (i < batches.size() - 1) {
				List<PageImage> withNext = new ArrayList<>(batch);
				withNext.add(batches.get(i + 1).get(0));
				assertThat(BODY.size(withNext)).isGreaterThanOrEqualTo(LIMIT);
			}
		}
	}

	@Test
	void aBodyOfExactlyTheLimitIsTooLarge() {
		PageImage page = page(1, 100_000);
		long exact = BODY.size(List.of(page));
		assertThat(plan(new BatchPlanner(BODY, exact + 1, 0), List.of(page))).hasSize(1);
		assertThatExceptionOfType(PagewiseException.class)
			.isThrownBy(() -> new BatchPlanner(BODY, exact, 0).add(page))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo("page-too-large");
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
				assertThat(ex.getBody().getDetail()).contains("Page 1");
			});
	}

	@Test
	void aBatchIsHandedOutAsSoonAsTheNextPageDoesNotFit() {
		BatchPlanner planner = new BatchPlanner(BODY, LIMIT, 0);
		assertThat(planner.add(page(1, 400_000))).isEmpty();
		assertThat(planner.add(page(2, 320_000))).containsExactly(List.of(page(1, 400_000)));
		assertThat(planner.finish()).containsExactly(List.of(page(2, 320_000)));
		assertThat(planner.finish()).isEmpty();
	}

	@Test
	void aBatchFilledToThePageCapIsHandedOutWithoutWaitingForTheNextPage() {
		BatchPlanner planner = new BatchPlanner(BODY, LIMIT, 3);
		assertThat(planner.add(page(1, 1000))).isEmpty();
		assertThat(planner.add(page(2, 1000))).isEmpty();
		assertThat(planner.add(page(3, 1000))).containsExactly(List.of(page(1, 1000), page(2, 1000), page(3, 1000)));
		assertThat(planner.add(page(4, 1000))).isEmpty();
		assertThat(planner.finish()).containsExactly(List.of(page(4, 1000)));
	}

	@Test
	void aDocumentOfKnownLengthIsSplitEvenlyOverTheAvailableCallsEachBodyStillUnderTheLimit() {
		List<PageImage> pages = pages(60, new Random(11), 20_000, 60_000);
		for (int calls : new int[] { 1, 6, 12, 16, 60, 100 }) {
			List<List<PageImage>> batches = plan(
					new BatchPlanner(BODY, LIMIT, 0, () -> BatchPlanner.evenShare(pages.size(), calls)), pages);
			assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(pages);
			assertThat(batches).allSatisfy((batch) -> assertThat(BODY.size(batch)).isLessThan(LIMIT));
			int share = BatchPlanner.evenShare(pages.size(), calls);
			// Eleven pages of at most 60 KB (80 KB in base64) never fill a body: up to that, the share alone cuts.
			int expected = (share > 11) ? plan(new BatchPlanner(BODY, LIMIT, 0), pages).size() : (60 + share - 1) / share;
			assertThat(batches).as("%d calls", calls).hasSize(expected);
		}
	}

	@Test
	void theConfiguredPageCapStillHoldsWhenTheEvenShareIsLarger() {
		List<PageImage> pages = pages(60, new Random(3), 1_000, 2_000);
		List<List<PageImage>> batches = plan(new BatchPlanner(BODY, LIMIT, 4, () -> BatchPlanner.evenShare(60, 2)),
				pages);
		assertThat(batches).hasSize(15).allSatisfy((batch) -> assertThat(batch).hasSize(4));
	}

	@Test
	void anUnknownLengthOrNoFreeCallMeansFullBatches() {
		assertThat(BatchPlanner.evenShare(0, 12)).isZero();
		assertThat(BatchPlanner.evenShare(60, 0)).isZero();
		assertThat(BatchPlanner.evenShare(60, 12)).isEqualTo(5);
		assertThat(BatchPlanner.evenShare(60, 16)).isEqualTo(4);
	}

	@Test
	void aQueryThatAloneExceedsTheLimitIsRefused() {
		RerankBody huge = RerankBody.of("vultr/VultronRetrieverFlash-Qwen3.5-0.8B", "x".repeat(1_000));
		assertThatExceptionOfType(PagewiseException.class).isThrownBy(() -> new BatchPlanner(huge, 900, 0))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("query-too-long"));
	}

	private static List<List<PageImage>> plan(BatchPlanner planner, List<PageImage> pages) {
		List<List<PageImage>> batches = new ArrayList<>();
		pages.forEach((page) -> batches.addAll(planner.add(page)));
		batches.addAll(planner.finish());
		return batches;
	}

	private static List<PageImage> pages(int count, Random random, int minBytes, int maxBytes) {
		return IntStream.rangeClosed(1, count).mapToObj((n) -> page(n, random.nextInt(minBytes, maxBytes))).toList();
	}

	private static PageImage page(int number, int jpegBytes) {
		return new PageImage(number, 935, 1210, new byte[jpegBytes]);
	}

}
