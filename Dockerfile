# syntax=docker/dockerfile:1
# Pagewise container image: built with the Maven wrapper on a JDK, run as Spring Boot's extracted layers on a JRE,
# as a fixed non-root user. Build: `docker build -t pagewise .`  Run: `docker compose up` (see README.md, Deploy).
# Checked without Docker by src/test/java/io/pagewise/deploy/DockerfileTests and DockerfileIT.

# One Temurin release for both stages, pinned to its full version; bump it here (Renovate/Dependabot can
# additionally pin the digests: eclipse-temurin:<tag>@sha256:...).
ARG TEMURIN_VERSION=25.0.3_9

FROM eclipse-temurin:${TEMURIN_VERSION}-jdk-noble AS build
WORKDIR /workspace
# Dependencies first: this layer is rebuilt only when the POM or the wrapper change, not on every code edit.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q -DskipTests package
# Without --launcher the layers hold application.jar plus lib/: a plain `java -jar` classpath, no nested-jar
# class loader, which the AOT cache below requires.
RUN java -Djarmode=tools -jar target/pagewise-*.jar extract --layers --application-filename application.jar --destination extracted

FROM eclipse-temurin:${TEMURIN_VERSION}-jre-noble
# Fonts PDFBox falls back to for text a PDF does not embed (Latin, metric-compatible Arial/Times, CJK), and
# libjpeg-turbo, which encodes page images several times faster than ImageIO (see BENCHMARKS.md).
RUN set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        fontconfig fonts-dejavu-core fonts-liberation fonts-noto-cjk libturbojpeg0; \
    rm -rf /var/lib/apt/lists/*; \
    groupadd --system --gid 10001 pagewise; \
    useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin pagewise; \
    mkdir -p /data; \
    chown 10001:10001 /data
WORKDIR /app
# Least-changing layer first, so a code change ships only the small application layer.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
# Heap = 75% of the container's memory limit, leaving a quarter for metaspace, code cache, thread stacks,
# Netty's direct buffers and AWT/font native memory. Replace the whole variable to tune (it also applies to any
# other JVM started in the container, e.g. a debugging jcmd).
# Deliberately without -XX:+ExitOnOutOfMemoryError. That flag ends the JVM at the first OutOfMemoryError, before
# any catch runs: one hostile PDF (the corpus's JBIG2 decompression bomb does it at -Xmx512m) would kill the
# replica and every request in flight on it, where the renderer answers 422 pdf-too-complex. The heap's big
# users are one document's page renders; when the heap runs out there, the document is refused (422) or its
# upload deferred (503 insufficient-memory, nothing kept), what it held becomes garbage and the service goes on.
# Should an OutOfMemoryError ever break the HTTP layer, the liveness probe fails and Kubernetes restarts the pod.
# Nor -XX:+HeapDumpOnOutOfMemoryError: a heap dump holds users' documents, questions and answers.
ENV PAGEWISE_STORAGE_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# JDK AOT cache (JEP 483/514/515; Spring Boot's "AOT Cache" recipe): a training run starts the application up to
# a refreshed context (-Dspring.context.exit=onRefresh: no port opened, no upstream call, no network) and the JVM
# writes the classes it loaded and linked, plus method profiles, to app.aot. It must run here, on this stage's JRE,
# in WORKDIR with the ENTRYPOINT's classpath: the cache is only used with the same JVM build and classpath.
# - Its documents and Tomcat scratch go to a directory it then removes: nothing root-owned is left in /data or /tmp.
# - -Xmx1g: a heap below 32 GB, so compressed oops are on as in any realistic container. Otherwise a builder with
#   more than ~43 GB of RAM (MaxRAMPercentage=75 above) would train without them and the JVM would reject the cache.
#   The heap size itself need not match: a 128 MB to 31 GB heap, and Serial, Parallel or G1, all use this cache.
# - Read-only and root-owned: the runtime user (10001) maps it, and cannot change it.
# The build log shows "Skipping ... Unsupported location" warnings for dynamic proxies; they stay uncached, harmless.
RUN set -eu; \
    mkdir aot-training; \
    PAGEWISE_STORAGE_DIR=aot-training java -Xmx1g -Djava.io.tmpdir=aot-training \
        -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar application.jar; \
    rm -r aot-training; \
    chmod 0444 app.aot
USER 10001:10001
EXPOSE 8080
# The JRE image has neither curl nor wget; bash's /dev/tcp asks for readiness without adding packages.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q '^HTTP/1\\.[01] 200[^0-9]'"]
# The cache is named here, not in JAVA_TOOL_OPTIONS, so replacing that variable keeps it. A cache the JVM cannot use
# (e.g. -XX:+UseZGC or a heap of 32 GB or more in JAVA_TOOL_OPTIONS, which turn compressed oops off) only logs
# "Unable to use AOT cache" and starts without it, as slowly as before (about 2 s more).
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-jar", "application.jar"]
