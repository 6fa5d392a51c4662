# CPack: a Debian package (Depends computed by dpkg-shlibdeps from the libraries the binary
# links) and a .tar.gz holding the same tree under scimcheck-<version>-linux-<arch>/.
# Both strip the binary. tools/package.sh builds them.
execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE _arch
                OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT _arch)
  set(_arch ${CMAKE_SYSTEM_PROCESSOR})
endif()
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_NAME scimcheck)
set(CPACK_PACKAGE_VENDOR "scimcheck")
set(CPACK_PACKAGE_CONTACT "${SCIMCHECK_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SCIM 2.0 conformance checks for Entra ID provisioning")
set(CPACK_PACKAGE_FILE_NAME "scimcheck-${PROJECT_VERSION}-linux-${_arch}")
set(CPACK_STRIP_FILES ON)
set(CPACK_THREADS 0)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${_arch})
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the extended description only.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "scimcheck plays Microsoft Entra ID's provisioning client against a SCIM 2.0
endpoint, or against its own reference SCIM server on loopback, runs
declarative JSON suites for each app profile, and writes JUnit, HTML,
Markdown and JSON reports.")
unset(_arch)
include(CPack)
