package io.pagewise.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.header.HeaderWriter;

/**
 * With client keys on, nothing a key unlocked may sit in a shared cache: a response marked {@code public} (page
 * images are {@code public, max-age=31536000, immutable}) becomes {@code private}, so a CDN or proxy never serves
 * it to someone without the key, nor after a delete. Browsers still keep it for as long as it said.
 */
final class PrivateCaching implements HeaderWriter {

	@Override
	public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
		String cacheControl = response.getHeader(HttpHeaders.CACHE_CONTROL);
		if (cacheControl != null && cacheControl.contains("public")) {
			response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl.replace("public", "private"));
		}
	}

}
