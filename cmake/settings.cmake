# One settings target carries warnings, hardening and sanitizers; every target of ours links it.
option(COFFRE_WERROR "Treat warnings as errors" OFF)
option(COFFRE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

add_library(coffre_settings INTERFACE)
target_compile_options(coffre_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual
  -Wformat=2 -Wimplicit-fallthrough
  -fstack-protector-strong -fstack-clash-protection -fcf-protection -fno-plt)
target_compile_definitions(coffre_settings INTERFACE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>
  _GLIBCXX_ASSERTIONS)
target_link_options(coffre_settings INTERFACE -Wl,-z,relro,-z,now -Wl,-z,noexecstack)
if(COFFRE_WERROR)
  target_compile_options(coffre_settings INTERFACE -Werror)
endif()
if(COFFRE_SANITIZE)
  target_compile_options(coffre_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(coffre_settings INTERFACE -fsanitize=address,undefined)
endif()
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)
