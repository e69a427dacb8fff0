# The Debian package sesame_<version>-1_amd64.deb (deploy/package builds it
# with -DSESAME_PACKAGE=ON -DCMAKE_INSTALL_PREFIX=/usr, then cpack -G DEB).
# CPack over the project's own install rules, rather than debhelper: the
# build is CMake's already, and the package is built from the same build
# folder in one step, without a debian/ source package to keep in step.
# What debhelper would add is written out: the maintainer scripts and
# conffiles of deploy/debian/, dependencies from dpkg-shlibdeps.

set(SESAME_PKG_DIR ${CMAKE_BINARY_DIR}/package)
file(MAKE_DIRECTORY ${SESAME_PKG_DIR})

# /etc/sesame/sesame.toml: conf/sesame.toml, with the local MariaDB's socket
# (the README creates the `sesame` user IDENTIFIED VIA unix_socket).
file(READ ${PROJECT_SOURCE_DIR}/conf/sesame.toml SESAME_PKG_CONF)
string(REGEX REPLACE "\nsocket = \"\"\n" "\nsocket = \"/run/mysqld/mysqld.sock\"\n"
       SESAME_PKG_CONF "${SESAME_PKG_CONF}")
if(NOT SESAME_PKG_CONF MATCHES "socket = \"/run/mysqld/mysqld.sock\"")
  message(FATAL_ERROR "conf/sesame.toml: no [database] socket = \"\" line to set")
endif()
file(WRITE ${SESAME_PKG_DIR}/sesame.toml "${SESAME_PKG_CONF}")

# /usr/share/doc/sesame: copyright, changelog.Debian.gz, README.md.gz.
string(TIMESTAMP SESAME_PKG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(READ ${PROJECT_SOURCE_DIR}/deploy/debian/changelog SESAME_PKG_CHANGELOG)
string(REPLACE "@VERSION@" "${PROJECT_VERSION}" SESAME_PKG_CHANGELOG
       "${SESAME_PKG_CHANGELOG}")
string(REPLACE "@DATE@" "${SESAME_PKG_DATE}" SESAME_PKG_CHANGELOG
       "${SESAME_PKG_CHANGELOG}")
file(WRITE ${SESAME_PKG_DIR}/changelog.Debian "${SESAME_PKG_CHANGELOG}")
find_program(GZIP gzip REQUIRED)
find_program(PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
add_custom_command(
  OUTPUT ${SESAME_PKG_DIR}/changelog.Debian.gz ${SESAME_PKG_DIR}/README.md.gz
  COMMAND ${GZIP} -9nf -k ${SESAME_PKG_DIR}/changelog.Debian
  COMMAND ${GZIP} -9n -c ${PROJECT_SOURCE_DIR}/README.md > ${SESAME_PKG_DIR}/README.md.gz
  DEPENDS ${PROJECT_SOURCE_DIR}/README.md ${SESAME_PKG_DIR}/changelog.Debian
  VERBATIM)

# The man pages, from `sesame --help` and the README's key tables.
add_custom_command(
  OUTPUT ${SESAME_PKG_DIR}/sesame.8.gz ${SESAME_PKG_DIR}/sesame.toml.5.gz
  COMMAND ${PYTHON3} ${PROJECT_SOURCE_DIR}/deploy/gen-man
          --sesame $<TARGET_FILE:sesame> --readme ${PROJECT_SOURCE_DIR}/README.md
          --out ${SESAME_PKG_DIR}
  COMMAND ${GZIP} -9nf ${SESAME_PKG_DIR}/sesame.8 ${SESAME_PKG_DIR}/sesame.toml.5
  DEPENDS sesame ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/deploy/gen-man
  VERBATIM)
add_custom_target(package_files ALL DEPENDS
  ${SESAME_PKG_DIR}/changelog.Debian.gz ${SESAME_PKG_DIR}/README.md.gz
  ${SESAME_PKG_DIR}/sesame.8.gz ${SESAME_PKG_DIR}/sesame.toml.5.gz)

install(FILES ${SESAME_PKG_DIR}/sesame.toml DESTINATION /etc/sesame
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/nginx-sesame.conf
        DESTINATION /etc/nginx/snippets RENAME sesame.conf)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/nginx-sesame-http.conf
        DESTINATION /etc/nginx/conf.d RENAME sesame-http.conf)
file(GLOB SESAME_UNITS ${PROJECT_SOURCE_DIR}/deploy/systemd/sesame-*)
install(FILES ${SESAME_UNITS} DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/debian/copyright
              ${SESAME_PKG_DIR}/changelog.Debian.gz ${SESAME_PKG_DIR}/README.md.gz
        DESTINATION share/doc/sesame)
install(FILES ${SESAME_PKG_DIR}/sesame.8.gz DESTINATION share/man/man8)
install(FILES ${SESAME_PKG_DIR}/sesame.toml.5.gz DESTINATION share/man/man5)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sesame)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Sésame maintainers <sesame@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "self-service credential-recovery portal behind nginx")
# The extended description (the synopsis is the summary above).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Sésame is a FastCGI program for « mot de passe oublié » pages: recovery
by mail link and SMS code, sign-in, password change, account
administration, with its state in MariaDB. This package installs the
binary, its templates and SQL, the systemd units (one instance per site)
and the nginx snippet.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What dpkg-shlibdeps cannot see: adduser for postinst, the captcha's font
# (read at run time), the CA store (SMTP, SMS gateway, OpenID Connect).
# (deb-systemd-invoke is init-system-helpers', an essential package.)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fonts-dejavu-core, ca-certificates")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "nginx")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "mariadb-server")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/deploy/debian/conffiles
    ${PROJECT_SOURCE_DIR}/deploy/debian/postinst
    ${PROJECT_SOURCE_DIR}/deploy/debian/prerm
    ${PROJECT_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR})
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR})
include(CPack)
