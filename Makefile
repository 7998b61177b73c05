# Thin wrapper over CMake presets. Every target installs missing Debian packages first.
#   make run      build the stsmc binary only, then check the bundled default manifest (stsmc check)
#   make build    build the stsmc binary only: build/bin/stsmc
#   make test     build everything (tests, benchmarks), then run every test (in CI: a unity build, also run under ASan+UBSan)
#   make package  build stsmc, then the Debian packages (build/stsmc_*.deb, docs/install.md)
#   make install  build stsmc and install it (binary, library, headers, examples, man page) into PREFIX (default /usr/local; docs/install.md)
.PHONY: deps test-deps build build-all run test sanitize package install clean

PREFIX ?= /usr/local

deps:
	@bash scripts/install-deps.sh --build-only

test-deps:
	@bash scripts/install-deps.sh

# The main job needs the stsmc target only: not the 20-odd test and benchmark binaries.
build: deps
	@cmake --preset default >/dev/null
	@cmake --build --preset default --target stsmc

# In CI ($(CI) set) the optimised tree is a unity build too, like the sanitizer tree: from
# scratch on 2 cores it built in 7-8.5 minutes instead of 12.5-13.5 (docs/install.md, "Build
# times"). Without CI nothing changes: developers keep separate units, so every source still
# compiles on its own and a header that misses an include is caught.
UNITY_IN_CI := $(if $(CI),-DCMAKE_UNITY_BUILD=ON)

build-all: deps
	@cmake --preset default $(UNITY_IN_CI) >/dev/null
	@cmake --build --preset default

run: build
	./build/bin/stsmc check

# In CI the sanitizer pass builds and smoke-runs the fuzz targets (its clang tree is instrumented
# for them), so the default tree's own clang fuzz build (label fuzz-tree) is left out there.
test: test-deps build-all
	ctest --preset default $(if $(CI),--label-exclude fuzz-tree)
ifneq ($(CI),)
	$(MAKE) sanitize
endif

sanitize: deps
	@cmake --preset sanitize >/dev/null
	@cmake --build --preset sanitize
	ctest --preset sanitize

package: build
	cd build && cpack -G DEB

install: build
	cmake --install build --prefix $(PREFIX) --strip

clean:
	rm -rf build build-sanitize
