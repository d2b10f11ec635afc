package io.pagewise.answer;

import java.util.List;

import io.pagewise.PagewiseException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(CollectionQuestionController.class)
class CollectionQuestionControllerTests {

	private static final String ID = "c".repeat(64);

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private Answers answers;

	@Test
	void answerHasTheDocumentedShape() throws Exception {
		CitedPage page = new CitedPage(ID, "Annual report", 3, 4.6, "/api/v1/documents/" + ID + "/pages/3");
		given(this.answers.answer(eq("reports"), any(CollectionAnswerRequest.class)))
			.willReturn(new CollectionAnswer("reports", "q", "On page 3.", List.of(page), List.of(page),
					Retriever.LEXICAL_RERANK, 1653, 100, "vultr/VultronRetrieverFlash-Qwen3.5-0.8B", "Qwen/Qwen3.6-27B",
					false, false, new Answer.Usage(12345, 1400, 800), new CollectionTimings(3, 40, 600, 900, 1600)));
		this.mvc.perform(ask("{\"question\":\"q\",\"filter\":{\"year\":2024}}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.collection").value("reports"))
			.andExpect(jsonPath("$.citations[0].documentId").value(ID))
			.andExpect(jsonPath("$.citations[0].title").value("Annual report"))
			.andExpect(jsonPath("$.citations[0].page").value(3))
			.andExpect(jsonPath("$.ranking[0].imageUrl").value("/api/v1/documents/" + ID + "/pages/3"))
			.andExpect(jsonPath("$.retriever").value("lexical+rerank"))
			.andExpect(jsonPath("$.pagesInCollection").value(1653))
			.andExpect(jsonPath("$.candidatePages").value(100))
			.andExpect(jsonPath("$.usage.rerankTokens").value(12345))
			.andExpect(jsonPath("$.timings.candidatesMs").value(3));
	}

	@Test
	void rankingHasTheDocumentedShape() throws Exception {
		given(this.answers.rank(eq("reports"), any(CollectionRankingRequest.class)))
			.willReturn(new CollectionRanking("reports", "q", Retriever.LEXICAL, true, 20, 20, null, 0, 0,
					List.of(new CitedPage(ID, null, 1, 1.5, "/api/v1/documents/" + ID + "/pages/1")),
					new CollectionTimings(1, 0, 0, 0, 1)));
		this.mvc.perform(post("/api/v1/collections/reports/rankings").contentType(MediaType.APPLICATION_JSON)
			.content("{\"query\":\"q\",\"retriever\":\"lexical\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.retriever").value("lexical"))
			.andExpect(jsonPath("$.degraded").value(true))
			.andExpect(jsonPath("$.rerankModel").isEmpty())
			.andExpect(jsonPath("$.ranking[0].documentId").value(ID));
	}

	@Test
	void invalidRequestsNeverReachTheService() throws Exception {
		this.mvc.perform(ask("{\"question\":\" \"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("invalid-request"));
		this.mvc.perform(ask("{\"question\":\"q\",\"topPages\":9}")).andExpect(status().isBadRequest());
		this.mvc.perform(ask("{\"question\":\"q\",\"candidates\":0}")).andExpect(status().isBadRequest());
		this.mvc.perform(post("/api/v1/collections/reports/rankings").contentType(MediaType.APPLICATION_JSON)
			.content("{\"query\":\"q\",\"topN\":0}")).andExpect(status().isBadRequest());
		verifyNoInteractions(this.answers);
	}

	@Test
	void collectionProblemsKeepTheirStatusAndCode() throws Exception {
		given(this.answers.answer(eq("missing"), any(CollectionAnswerRequest.class)))
			.willThrow(new PagewiseException(HttpStatus.NOT_FOUND, "collection-not-found", "t", "d"));
		this.mvc.perform(post("/api/v1/collections/missing/answers").contentType(MediaType.APPLICATION_JSON)
			.content("{\"question\":\"q\"}"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("collection-not-found"));
	}

	private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder ask(String body) {
		return post("/api/v1/collections/reports/answers").contentType(MediaType.APPLICATION_JSON).content(body);
	}

}
