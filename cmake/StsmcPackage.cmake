# CPack: `cd build && cpack -G DEB` (or `make package`) writes two Debian packages,
#   stsmc      bin/stsmc (stripped), examples, docs, man page; Depends computed by dpkg-shlibdeps
#   stsmc-dev  the static libraries, headers and CMake package for find_package(stsmc)
# tests/install/deb_test.sh builds them and checks their contents with dpkg-deb.
set(CPACK_PACKAGE_NAME stsmc)
set(CPACK_PACKAGE_VENDOR "stsmc")
set(CPACK_PACKAGE_CONTACT "stsmc maintainers <stsmc@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "model checker for the Kubernetes StatefulSet controller")
set(CPACK_PACKAGE_DESCRIPTION "Checks a StatefulSet manifest against a model of the controller: every reachable\nstate within bounds, seven named properties, replayable counterexample traces.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime development)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME stsmc)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION devel)
# The runtime libraries (libz3-4, libyaml-cpp0.7, libfmt9, libstdc++6, ...) as dpkg-shlibdeps
# reads them off the binary, so the list cannot drift from what is linked.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME stsmc-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS
    "stsmc (= ${PROJECT_VERSION}), libboost-dev, nlohmann-json3-dev, libyaml-cpp-dev, libfmt-dev, libz3-dev, librapidcheck-dev, pkgconf")
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}")
set(CPACK_COMPONENT_DEVELOPMENT_DESCRIPTION "stsmc's model and engines as a C++ library (find_package(stsmc))")
include(CPack)
