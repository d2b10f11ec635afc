package io.pagewise.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Who may call what, with Spring Security. With client keys configured: deny by default, a key
 * ({@code X-API-Key} or {@code Authorization: Bearer}) for everything but an explicit public list (health
 * probes, the web page's static files, the API docs unless {@code public-api-docs=false}, Prometheus when
 * {@code protect-prometheus=false}). Without keys, everything is open, as before keys existed. Either way the
 * firewall ({@code StrictHttpFirewall}) stays on, CORS is checked before anything else, and sessions are never
 * created: every request carries its key.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** The web page's static files: they hold no data, and the page asks for the key itself. */
	private static final String[] WEB_PAGE = { "/", "/index.html", "/app.js", "/app.css", "/favicon.*" };

	private static final String[] PROBES = { "/actuator/health", "/actuator/health/**" };

	private static final String[] API_DOCS = { "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**",
			"/swagger-ui.html" };

	private final SecurityProperties properties;

	SecurityConfiguration(SecurityProperties properties) {
		this.properties = properties;
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ClientKeys keys, SecurityProblems problems,
			ProblemWriter writer) throws Exception {
		if (!this.properties.allowedOrigins().isEmpty()) {
			// Without origins, no CORS filter at all: a preflight is then a request like any other (401 without a
			// key), rather than an empty 200 that allows nothing.
			CorsFilter corsFilter = new CorsFilter(corsConfiguration());
			corsFilter.setCorsProcessor(new ProblemCorsProcessor(writer));
			http.addFilter(corsFilter);
		}
		// No cookies, no sessions, no login forms: a key in a header on every request. CSRF needs a browser's
		// ambient credentials (cookies) to exploit, and there are none.
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems));
		if (!this.properties.keysRequired()) {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}
		http.headers((headers) -> headers.addHeaderWriter(new PrivateCaching()))
			.addFilterBefore(clientKeyFilter(keys, problems), AuthorizationFilter.class)
			.authorizeHttpRequests(this::rules);
		return http.build();
	}

	private void rules(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
		// An error or async dispatch continues a request that was already authorized (or refused) on its way in.
		requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
		for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD)) {
			requests.requestMatchers(method, publicPaths()).permitAll();
		}
		requests.anyRequest().authenticated();
	}

	private String[] publicPaths() {
		List<String> paths = new ArrayList<>(List.of(PROBES));
		paths.addAll(List.of(WEB_PAGE));
		if (this.properties.publicApiDocs()) {
			paths.addAll(List.of(API_DOCS));
		}
		if (!this.properties.protectPrometheus()) {
			paths.add("/actuator/prometheus");
		}
		return paths.toArray(String[]::new);
	}

	private static AuthenticationFilter clientKeyFilter(ClientKeys keys, SecurityProblems problems) {
		AuthenticationFilter filter = new AuthenticationFilter(new ProviderManager(keys), new ClientKeyConverter());
		filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));
		// Authenticated: go on to the endpoint (the default handler would redirect, as after a form login).
		filter.setSuccessHandler((request, response, authentication) -> {
		});
		return filter;
	}

	/**
	 * The browser origins {@code allowed-origins} names may call {@code /api/**}. Not a bean:
	 * Spring MVC's HandlerMappingIntrospector is one too, and this one belongs to the security chain only.
	 */
	private CorsConfigurationSource corsConfiguration() {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(this.properties.allowedOrigins());
		cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
		cors.setAllowedHeaders(List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.AUTHORIZATION, ClientKeyConverter.HEADER,
				HttpHeaders.ACCEPT, "Last-Event-ID"));
		cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG));
		cors.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", cors);
		return source;
	}

	/** Also the RequestRejectedHandler that Spring Security's FilterChainProxy picks up for its firewall. */
	@Bean
	SecurityProblems securityProblems(ProblemWriter problems) {
		return new SecurityProblems(problems);
	}

	/** The one AuthenticationProvider (being a bean, it also keeps Boot from making a user with a password). */
	@Bean
	ClientKeys clientKeys() {
		return new ClientKeys(this.properties.apiKeys());
	}

}
