# stsmc in a container, built from this checkout on Debian bookworm (docs/install.md):
#   docker build -t stsmc .
#   docker run --rm stsmc                                    # checks the bundled myapp.yaml
#   docker run --rm -v "$PWD:/work" stsmc check deploy/my-sts.yaml --junit stsmc.xml
# Stage 1 builds the stsmc target only (no tests) and packages it with CPack; stage 2 installs
# that .deb, so the image holds the stripped binary and its runtime libraries, no compiler.
FROM debian:bookworm AS build
COPY scripts/install-deps.sh /src/scripts/install-deps.sh
RUN bash /src/scripts/install-deps.sh --build-only && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    && cmake --build /build --target stsmc \
    && cd /build && cpack -G DEB -B /packages

FROM debian:bookworm-slim
COPY --from=build /packages/stsmc_*.deb /tmp/
RUN apt-get update \
    && apt-get install -y --no-install-recommends /tmp/stsmc_*.deb \
    && rm -rf /var/lib/apt/lists/* /tmp/stsmc_*.deb \
    && stsmc check --quiet
WORKDIR /work
ENTRYPOINT ["stsmc"]
CMD ["check"]
