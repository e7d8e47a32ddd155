# Finds Telex's dependencies through pkg-config and makes imported targets
# (PkgConfig::<name>). A missing one stops the configure step with the Debian
# package that provides it.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: apt-get install pkg-config")
endif()

function(telex_require_pkg name module debian_package)
  pkg_check_modules(${name} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR "${module} not found: apt-get install ${debian_package}")
  endif()
endfunction()

telex_require_pkg(RDKAFKA rdkafka librdkafka-dev)
telex_require_pkg(AVRO avro-c libavro-dev)
telex_require_pkg(PCRE2 libpcre2-8 libpcre2-dev)
telex_require_pkg(LIBXML2 libxml-2.0 libxml2-dev)
telex_require_pkg(JANSSON jansson libjansson-dev)
telex_require_pkg(UTF8PROC libutf8proc libutf8proc-dev)
telex_require_pkg(MHD libmicrohttpd libmicrohttpd-dev)
telex_require_pkg(SYSTEMD libsystemd libsystemd-dev)
telex_require_pkg(CRYPTO libcrypto libssl-dev)
if(TELEX_TESTS)
  telex_require_pkg(CRITERION criterion libcriterion-dev)
endif()
find_package(Threads REQUIRED)
