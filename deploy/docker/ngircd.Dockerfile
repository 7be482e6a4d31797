# ngIRCd for the compose `test` profile: plain IRC on 6667 with the connection limits raised, so
# load tests from one address are not refused (Debian's defaults allow 10 per IP).
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ngircd \
 && rm -rf /var/lib/apt/lists/*
COPY deploy/docker/ngircd.conf /etc/ngircd/ngircd.conf
USER irc
EXPOSE 6667
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/6667"]
ENTRYPOINT ["/usr/sbin/ngircd", "--nodaemon", "--config", "/etc/ngircd/ngircd.conf"]
