package io.pagewise.system;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * The servlet filters in front of the API, in order: CORS (so even a 401 carries CORS headers a browser can
 * read), client keys, JSON body size.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	private final SecurityProperties properties;

	WebConfiguration(SecurityProperties properties) {
		this.properties = properties;
	}

	@Bean
	FilterRegistrationBean<CorsFilter> corsFilter() {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!this.properties.allowedOrigins().isEmpty()) {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOrigins(this.properties.allowedOrigins());
			cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
			cors.setAllowedHeaders(List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.AUTHORIZATION, "X-API-Key",
					HttpHeaders.ACCEPT, "Last-Event-ID"));
			cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG));
			cors.setMaxAge(Duration.ofHours(1));
			source.registerCorsConfiguration("/api/**", cors);
		}
		return register(new CorsFilter(source), 0);
	}

	@Bean
	FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ProblemWriter problems) {
		return register(new ApiKeyFilter(this.properties, problems), 10);
	}

	@Bean
	FilterRegistrationBean<JsonBodyLimitFilter> jsonBodyLimitFilter(ProblemWriter problems) {
		return register(new JsonBodyLimitFilter(this.properties, problems), 20);
	}

	private static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> register(F filter, int offset) {
		FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + offset);
		return registration;
	}

}
