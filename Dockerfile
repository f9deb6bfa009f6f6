# Caravan LLM gateway image.
#
#   docker build -t caravan .
#   docker run -p 8080:8080 -v caravan-data:/app/data caravan
#
# With no other configuration the container runs exactly like `java -jar caravan.jar` on a
# fresh machine: H2 database, embedded Artemis broker and the built-in simulator, all kept
# under /app/data. docker-compose.yml wires it to PostgreSQL, Redis, Artemis and Ollama.

# ---------------------------------------------------------------------------------------
# Build stage
# ---------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build

# The Maven wrapper and the POM first, so that the dependency download is its own layer and
# is only repeated when pom.xml (or the wrapper) changes. go-offline does not fetch every
# plugin dependency the build needs; the package step below fetches the rest.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B dependency:go-offline

COPY src/ src/
RUN ./mvnw -B -DskipTests package \
 && cp target/caravan.jar /build/caravan.jar

# ---------------------------------------------------------------------------------------
# Runtime stage
# ---------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# curl for the HEALTHCHECK below (installed explicitly rather than relying on the base image).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

# Unprivileged user; fixed ids so that bind-mounted data directories can be chown'ed to match.
RUN groupadd --system --gid 10001 caravan \
 && useradd --system --uid 10001 --gid caravan --home-dir /app --no-create-home \
            --shell /usr/sbin/nologin caravan

WORKDIR /app
# The jar is run extracted (jar + lib/), with a class-data-sharing archive of the classes a
# start loads, written by one training start here (it stops once the context is refreshed, with
# its data in a throw-away directory): start-up 7.7 s against 15.5 s for `java -jar` on 2 cores
# (bench/cds.sh, docs/benchmarks.md). The archive belongs to this JDK and this jar; should the
# training start fail, the image still works, only without the archive (the JVM then ignores
# -XX:SharedArchiveFile).
# The files stay root-owned (read-only for the process). Only the data directory is writable;
# it exists and belongs to the caravan user before VOLUME, so a fresh named volume is
# initialised with that ownership. (No recursive chown over the jar: that would copy its
# ~270 MB into another layer.)
COPY --from=build /build/caravan.jar /tmp/caravan.jar
RUN java -Djarmode=tools -jar /tmp/caravan.jar extract --destination /app/gateway \
 && rm /tmp/caravan.jar \
 && mkdir -p /tmp/cds-training \
 && (CARAVAN_DATA_DIR=/tmp/cds-training CARAVAN_JMS_ACCEPTOR_ENABLED=false DJL_CACHE_DIR=/tmp/cds-djl \
     java -XX:ArchiveClassesAtExit=/app/gateway/app.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
          -Dspring.context.exit=onRefresh -jar /app/gateway/caravan.jar --server.port=0 \
     || echo "CDS training start failed: the gateway will start without the archive") \
 && rm -rf /tmp/cds-training /tmp/cds-djl \
 && mkdir -p /app/data && chown caravan:caravan /app/data

# In a container the gateway must listen on all interfaces (the default is 127.0.0.1).
# CARAVAN_JMS_HOST does the same for the embedded broker's TCP acceptor (port 61616), which
# is only used when no external broker is configured.
# DJL (tokenizer of the in-process embedding model) unpacks its native library into a cache
# directory; the user's home is not writable, so name a place under /tmp explicitly.
ENV CARAVAN_BIND_ADDRESS=0.0.0.0 \
    CARAVAN_DATA_DIR=/app/data \
    CARAVAN_JMS_HOST=0.0.0.0 \
    DJL_CACHE_DIR=/tmp/djl

VOLUME /app/data

# 8080: HTTP API and actuator; 61616: embedded Artemis TCP acceptor (JMS ingress)
EXPOSE 8080 61616

USER caravan

# Start-up loads the in-process embedding model, hence the generous start period.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=5 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health" || exit 1

ENTRYPOINT ["java","-XX:MaxRAMPercentage=75","-XX:SharedArchiveFile=/app/gateway/app.jsa","-Xlog:cds=off","-Xlog:cds+dynamic=off","-jar","/app/gateway/caravan.jar"]
