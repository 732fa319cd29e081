# One build command, used here, in .ci/run (through `make test`) and in the Dockerfile.
GO          ?= go
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
REVISION    ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
BUILD_DATE  ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
PKG         := github.com/apimwatch/apimwatch/buildinfo
LDFLAGS     := -s -w -X $(PKG).Version=$(VERSION) -X $(PKG).Revision=$(REVISION) -X $(PKG).BuildDate=$(BUILD_DATE)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN         := bin/apimwatch

.PHONY: build test unit lint bench footprint bench-logs bench-verify clean

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/apimwatch

# The test command of the README and of CI: lint, then every test with the race detector.
# The end-to-end tests run the binary that `build` makes.
test: lint build
	APIMWATCH_BINARY=$(CURDIR)/$(BIN) $(GO) test -race -count=1 ./...

unit:
	$(GO) test -race -count=1 ./...

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Idle footprint next to node_exporter and process-exporter (docs/PERFORMANCE.md).
footprint: build
	scripts/footprint.sh

# Log pipeline throughput, latency, sustained CPU and backlog memory next to mtail and grep
# (scripts/bench-logs.sh says which BENCH_* variables size it; results: docs/PERFORMANCE.md).
bench-logs: build
	scripts/bench-logs.sh

# verify on a large PostgreSQL node (1M registry resources, 100k APIs, 1M users, 10M REG_LOG
# rows) next to the same queries through psql (scripts/bench-verify.sh says which BENCH_*
# variables size it, BENCH_QUICK=1 for a tenth; results: docs/PERFORMANCE.md).
bench-verify: build
	scripts/bench-verify.sh

clean:
	rm -rf bin
