#!/usr/bin/env bash
# Builds the Debian packages with CPack (cmake/StsmcPackage.cmake) and checks them with dpkg-deb:
# stsmc holds a stripped /usr/bin/stsmc, the examples, docs and man page, and Depends on the
# runtime libraries it links; stsmc-dev holds the libraries, headers and CMake package.
# Exits 77 (skipped) without dpkg-deb, dpkg-shlibdeps or file (CPack reads ELF files with it). Usage: deb_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
for tool in cpack dpkg-deb dpkg-shlibdeps file readelf; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
done
# Outside the source tree (CPack stages headers under the output directory).
out=$(mktemp -d "${TMPDIR:-/tmp}/stsmc-deb-test.XXXXXX")
fail() { echo "FAIL: $* (files kept in $out)" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; fail "cpack failed"; }
runtime=$(ls "$out"/stsmc_*.deb 2>/dev/null | head -1)
dev=$(ls "$out"/stsmc-dev_*.deb 2>/dev/null | head -1)
[ -n "$runtime" ] || fail "no stsmc_*.deb in $out"
[ -n "$dev" ] || fail "no stsmc-dev_*.deb in $out"
echo "packages: $(basename "$runtime") ($(du -h "$runtime" | cut -f1)), $(basename "$dev") ($(du -h "$dev" | cut -f1))"

dpkg-deb -c "$runtime" >"$out/runtime.list"
for f in ./usr/bin/stsmc ./usr/share/man/man1/stsmc.1 ./usr/share/stsmc/examples/myapp.yaml \
         ./usr/share/stsmc/ci/stsmc-ci.sh ./usr/share/doc/stsmc/README.md; do
  grep -q " $f\$" "$out/runtime.list" || fail "$(basename "$runtime") lacks $f"
done
if grep -q '\.a$\|/include/' "$out/runtime.list"; then fail "$(basename "$runtime") holds development files"; fi

depends=$(dpkg-deb -f "$runtime" Depends)
echo "Depends: $depends"
for lib in libz3-4 libyaml-cpp0.7 libfmt9 libstdc++6 libc6; do
  grep -q "\b$lib\b" <<<"$depends" || fail "Depends lacks $lib"
done

# Stripped: no debug sections, and well under the unstripped RelWithDebInfo binary.
dpkg-deb -x "$runtime" "$out/root"
if readelf -S "$out/root/usr/bin/stsmc" | grep -q '\.debug_info\|\.symtab'; then fail "/usr/bin/stsmc is not stripped"; fi
"$out/root/usr/bin/stsmc" properties >/dev/null || fail "the packaged binary does not run"
echo "binary: $(du -h "$out/root/usr/bin/stsmc" | cut -f1) stripped (build tree: $(du -h "$build/bin/stsmc" | cut -f1))"

dpkg-deb -c "$dev" >"$out/dev.list"
for f in ./usr/lib/cmake/stsmc/stsmcConfig.cmake ./usr/include/stsmc/checker/explore.h; do
  grep -q " $f\$" "$out/dev.list" || fail "$(basename "$dev") lacks $f"
done
grep -q '/usr/lib/libstsmc_spec\.a$' "$out/dev.list" || fail "$(basename "$dev") lacks libstsmc_spec.a"
grep -q "stsmc (= " <<<"$(dpkg-deb -f "$dev" Depends)" || fail "stsmc-dev does not depend on stsmc"
echo "deb ok"
rm -rf "$out"
