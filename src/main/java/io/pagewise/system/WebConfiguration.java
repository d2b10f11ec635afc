package io.pagewise.system;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The servlet filter besides Spring Security's: the JSON body size check, after Security's chain (order 0, where
 * that chain is at -100), so a request without a key is refused before its body matters.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<JsonBodyLimitFilter> jsonBodyLimitFilter(SecurityProperties properties,
			ProblemWriter problems) {
		FilterRegistrationBean<JsonBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new JsonBodyLimitFilter(properties, problems));
		registration.setOrder(0);
		return registration;
	}

}
