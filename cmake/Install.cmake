# Install rules: the binary to bin/, suites and schemas to share/scimcheck/ (found at run time
# as <bin>/../share/scimcheck), docs to share/doc/scimcheck/, the man page and the shell
# completions generated at build time by the binary itself (`scimcheck __doc man|bash|zsh`,
# from the same CLI11 definition as --help).
include(GNUInstallDirs)
set(SCIMCHECK_BASH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/bash-completion/completions"
    CACHE STRING "Where the bash completion goes, relative to the prefix")
set(SCIMCHECK_ZSH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions"
    CACHE STRING "Where the zsh completion goes, relative to the prefix")
set(SCIMCHECK_MAINTAINER "scimcheck maintainers <scimcheck@example.org>"
    CACHE STRING "Maintainer named in the Debian package and its changelog")

set(_gen "${CMAKE_BINARY_DIR}/generated")
set(_gen_files ${_gen}/scimcheck.1 ${_gen}/scimcheck.1.gz ${_gen}/scimcheck.bash ${_gen}/_scimcheck
               ${_gen}/changelog.gz)
configure_file(${CMAKE_SOURCE_DIR}/cmake/debian/changelog.in ${_gen}/changelog @ONLY)
add_custom_command(
  OUTPUT ${_gen_files}
  COMMAND sh -c "\"$0\" __doc man >scimcheck.1 && \"$0\" __doc bash >scimcheck.bash && \"$0\" __doc zsh >_scimcheck && gzip -9n -c scimcheck.1 >scimcheck.1.gz && gzip -9n -c changelog >changelog.gz"
          $<TARGET_FILE:scimcheck>
  WORKING_DIRECTORY ${_gen}
  DEPENDS scimcheck ${_gen}/changelog
  COMMENT "Generating the man page and shell completions"
  VERBATIM)
add_custom_target(scimcheck_cli_docs ALL DEPENDS ${_gen_files})

install(TARGETS scimcheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# A stripped install (--strip, CPack) also drops the compiler's .comment section, as dh_strip
# does; the build id stays, to match the separate debug file.
install(CODE "
  if(CMAKE_INSTALL_DO_STRIP)
    execute_process(COMMAND \"${CMAKE_OBJCOPY}\" --remove-section=.comment
                            \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/scimcheck\"
                    COMMAND_ERROR_IS_FATAL ANY)
  endif()")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/suites ${CMAKE_SOURCE_DIR}/schemas
        DESTINATION ${CMAKE_INSTALL_DATADIR}/scimcheck)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/cmake/debian/copyright
              ${_gen}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${_gen}/scimcheck.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${_gen}/scimcheck.bash DESTINATION ${SCIMCHECK_BASH_COMPLETION_DIR} RENAME scimcheck)
install(FILES ${_gen}/_scimcheck DESTINATION ${SCIMCHECK_ZSH_COMPLETION_DIR})
unset(_gen)
unset(_gen_files)
