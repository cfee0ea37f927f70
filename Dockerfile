# The OpenEnv-compatible env server: `faultline serve` on port 8000 (WebSocket /ws; GET /health,
# /schema, /metadata). Build and run:
#   docker build -t faultline-openenv .
#   docker run --rm -p 8000:8000 faultline-openenv
# Extra flags go after the image name, e.g. `... faultline-openenv serve --host 0.0.0.0 --env ID`.
# The same image runs queue workers: `docker run --rm faultline-openenv worker --queue redis://HOST:6379/0`
# (examples/queue/compose.yaml starts Redis and three of them).
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# tsx is a runtime dependency: the command runs the TypeScript sources (bin/faultline.mjs).
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY tsconfig.json ./
COPY bin bin
COPY src src
COPY environments environments
COPY agents agents
COPY probes probes
COPY templates templates
USER node
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:8000/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/faultline.mjs"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
