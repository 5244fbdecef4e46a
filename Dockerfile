# ccs in a container: the conformance gate without a build of your own.
#
#   scripts/package && docker build -t ccs .
#   docker run --rm --network host --user "$(id -u)" -v "$PWD/reports:/reports" \
#     ccs run --target http://127.0.0.1:4242 --api-key "$CCS_API_KEY"
#
# The image runs as the user ccs; reports go to /reports/<run>/ (the default
# reports/<run> relative to /), so mount a directory there, writable by the
# user you run as. `ccs run` with no --target checks the image itself.
#
# These steps are the ones the ctest package_install performs in a bare
# Debian 12 root made by mmdebstrap: tests/scripts/package_install.sh reads
# this file and runs each COPY and RUN step there, as the USER in force, so
# the test covers them (packaging/install-deb installs the .deb and only its
# Depends, packaging/smoke checks the result). An instruction that test does
# not know makes it fail: keep the two in step.
FROM debian:bookworm-slim
COPY build-package/ccs_*.deb packaging/install-deb packaging/smoke /tmp/ccs/
RUN sh /tmp/ccs/install-deb /tmp/ccs/ccs_*.deb
RUN useradd --system --user-group --create-home --home-dir /home/ccs --shell /usr/sbin/nologin ccs \
 && mkdir -p /reports && chown ccs:ccs /reports
USER ccs
RUN sh /tmp/ccs/smoke /tmp/ccs-smoke && rm -rf /tmp/ccs-smoke
USER root
RUN rm -rf /tmp/ccs
USER ccs
WORKDIR /
VOLUME /reports
ENTRYPOINT ["ccs"]
CMD ["--help"]
