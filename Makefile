# Thin wrapper over CMake presets. Every target installs missing Debian packages first.
#   make run    build, then check the bundled default manifest exhaustively (stsmc check)
#   make test   build, then run every test (in CI, also under ASan+UBSan)
#   make build  build only; the binary is build/bin/stsmc
.PHONY: deps build run test sanitize clean

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset default >/dev/null
	@cmake --build --preset default

run: build
	./build/bin/stsmc check

test: build
	ctest --preset default
ifneq ($(CI),)
	$(MAKE) sanitize
endif

sanitize: deps
	@cmake --preset sanitize >/dev/null
	@cmake --build --preset sanitize
	ctest --preset sanitize

clean:
	rm -rf build build-sanitize
