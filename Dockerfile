# fieldhub: one Deno service. Build: docker build -t fieldhub .
# Run:   docker run -p 8000:8000 -e DATABASE_URL=postgres://... -e JWT_SECRET=... fieldhub
FROM denoland/deno:2.9.6

WORKDIR /app
ENV DENO_DIR=/deno-dir \
    APP_HOST=0.0.0.0 \
    APP_PORT=8000 \
    DATA_DIR=/data

# Dependencies first (cached layer): the lock file pins every npm package.
COPY deno.json deno.lock ./
RUN deno install --frozen

COPY . .
# Islands are bundled at build time: the running server has no permission to start esbuild.
RUN deno install --frozen && deno task ui:build && deno check main.ts \
    && mkdir -p /data && chown -R deno:deno /data /app /deno-dir

USER deno
EXPOSE 8000
VOLUME ["/data"]

# Narrowest flags that work: network (listen + Postgres/S3/integrations), env, files under /app
# (code, node_modules, swagger assets) and /data (embedded DB, KV, local storage), and the OS
# facts prom-client's process metrics read.
CMD ["run", "--allow-net", "--allow-env", "--allow-read=/app,/data,/deno-dir", "--allow-write=/data", "--allow-sys=osRelease,loadavg,hostname,uid,gid,networkInterfaces,systemMemoryInfo,cpus,homedir", "main.ts"]

HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["deno", "eval", "const r = await fetch('http://127.0.0.1:8000/ready'); Deno.exit(r.ok ? 0 : 1)"]
