package io.pagewise.answer;

import java.util.List;

import io.pagewise.PagewiseException;
import io.pagewise.document.DocumentId;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(QuestionController.class)
class QuestionControllerTests {

	private static final String ID = "b".repeat(64);

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private Answers answers;

	@Test
	void answerHasTheDocumentedShape() throws Exception {
		given(this.answers.answer(eq(DocumentId.of(ID)), any(AnswerRequest.class))).willReturn(answer());
		this.mvc.perform(ask("{\"question\":\"Which page shows Q3 revenue?\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.documentId").value(ID))
			.andExpect(jsonPath("$.answer").value("Q3 revenue was $5.2 million."))
			.andExpect(jsonPath("$.citations[0].page").value(2))
			.andExpect(jsonPath("$.citations[0].imageUrl").value("/api/v1/documents/" + ID + "/pages/2"))
			.andExpect(jsonPath("$.ranking[1].score").value(2.57))
			.andExpect(jsonPath("$.rerankModel").value("vultr/VultronRetrieverFlash-Qwen3.5-0.8B"))
			.andExpect(jsonPath("$.chatModel").value("Qwen/Qwen3.6-27B"))
			.andExpect(jsonPath("$.cached").value(false))
			.andExpect(jsonPath("$.usage.completionTokens").value(812))
			.andExpect(jsonPath("$.timings.totalMs").value(2390));
	}

	@Test
	void blankQuestionIsInvalidRequestAndNeverReachesTheService() throws Exception {
		this.mvc.perform(ask("{\"question\":\"  \"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("invalid-request"));
		this.mvc.perform(ask("{\"question\":\"q\",\"topPages\":9}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("invalid-request"));
		this.mvc.perform(ask("{not json")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("invalid-request"));
		verifyNoInteractions(this.answers);
	}

	@Test
	void upstreamFailuresKeepTheirStatusAndCode() throws Exception {
		expectProblem(new PagewiseException(HttpStatus.SERVICE_UNAVAILABLE, "upstream-not-configured", "t", "d"),
				503, "upstream-not-configured");
		expectProblem(new PagewiseException(HttpStatus.BAD_GATEWAY, "answer-truncated", "t", "d"), 502,
				"answer-truncated");
		expectProblem(new PagewiseException(HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout", "t", "d"), 504,
				"upstream-timeout");
		expectProblem(new PagewiseException(HttpStatus.BAD_REQUEST, "unknown-model", "t", "d"), 400,
				"unknown-model");
	}

	@Test
	void oneShotTakesTheFileAndFormFields() throws Exception {
		given(this.answers.answer(any(io.pagewise.document.Upload.class),
				eq(new AnswerRequest("What?", null, null, 2))))
			.willReturn(answer());
		this.mvc.perform(multipart("/api/v1/answers")
			.file(new MockMultipartFile("file", "a.pdf", "application/pdf", "%PDF-1.7".getBytes()))
			.param("question", "What?")
			.param("topPages", "2")).andExpect(status().isOk()).andExpect(jsonPath("$.documentId").value(ID));
	}

	@Test
	void oneShotWithoutQuestionIsInvalidRequest() throws Exception {
		this.mvc.perform(multipart("/api/v1/answers")
			.file(new MockMultipartFile("file", "a.pdf", "application/pdf", "%PDF-1.7".getBytes())))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("invalid-request"));
	}

	@Test
	void rankingHasTheDocumentedShape() throws Exception {
		given(this.answers.rank(eq(DocumentId.of(ID)), any(RankingRequest.class)))
			.willReturn(new RankingResult(ID, "q", "vultr/VultronRetrieverFlash-Qwen3.5-0.8B",
					List.of(new Answer.Citation(2, 4.59, "/api/v1/documents/" + ID + "/pages/2")), 3, 1, false,
					new Answer.Timings(0, 640, 0, 650)));
		this.mvc.perform(post("/api/v1/documents/{id}/rankings", ID).contentType(MediaType.APPLICATION_JSON)
			.content("{\"query\":\"q\",\"topN\":1}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.ranking[0].page").value(2))
			.andExpect(jsonPath("$.upstreamCalls").value(1));
	}

	private void expectProblem(PagewiseException failure, int status, String code) throws Exception {
		given(this.answers.answer(eq(DocumentId.of(ID)), any(AnswerRequest.class))).willThrow(failure);
		this.mvc.perform(ask("{\"question\":\"q\"}"))
			.andExpect(status().is(status))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value(code));
	}

	private static org.springframework.test.web.servlet.RequestBuilder ask(String json) {
		return post("/api/v1/documents/{id}/answers", ID).contentType(MediaType.APPLICATION_JSON).content(json);
	}

	private static Answer answer() {
		return new Answer(ID, "Which page shows Q3 revenue?", "Q3 revenue was $5.2 million.",
				List.of(new Answer.Citation(2, 4.59, "/api/v1/documents/" + ID + "/pages/2")),
				List.of(new Answer.Scored(2, 4.59), new Answer.Scored(1, 2.57)),
				"vultr/VultronRetrieverFlash-Qwen3.5-0.8B", "Qwen/Qwen3.6-27B", false,
				new Answer.Usage(5120, 1400, 812), new Answer.Timings(812, 640, 905, 2390));
	}

}
