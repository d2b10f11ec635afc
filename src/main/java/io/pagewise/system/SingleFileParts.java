package io.pagewise.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.WebUtils;

/**
 * Refuses a multipart request that sends two files under one name ({@code 400 multiple-files}) before any
 * controller runs: an endpoint binding one {@code file} would otherwise take the first and silently drop the rest.
 */
final class SingleFileParts implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
		if (multipart != null && multipart.getMultiFileMap().values().stream().anyMatch((files) -> files.size() > 1)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"Send one file per request (the 'file' part appears more than once).");
			problem.setTitle("More than one file");
			problem.setProperty("code", "multiple-files");
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		return true;
	}

}
