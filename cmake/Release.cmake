# Optimised builds (every configuration but Debug): Debian's hardening flags (fortified libc
# calls, stack protector, read-only relocations, immediate binding; PIE is the compiler's
# default), and unused sections dropped at link time to keep the binary small.
set(_release "$<NOT:$<CONFIG:Debug>>")
add_compile_options("$<${_release}:-D_FORTIFY_SOURCE=2;-fstack-protector-strong;-ffunction-sections;-fdata-sections>")
add_link_options("$<${_release}:LINKER:-z,relro,-z,now,--as-needed,--gc-sections>")
unset(_release)
