# Certidépôt — build, run and test. See README.md.
#   make run    installs what is missing, builds, opens the example dossier
#   make test   installs what is missing, runs every check and test
#   make faults fault-injection suite: kill -9, full disk, two commands at once

SHELL   := /bin/bash
GO      := scripts/go
EXEMPLE := testdata/exemple.certidepot
export GOFLAGS ?= -buildvcs=false

.PHONY: all deps build run test vet vet-windows fmt-check fuzz-short faults package-linux package-windows screenshots bench clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(GO) build -o bin/certidepot-cli ./cmd/certidepot-cli
	$(GO) build -o bin/certidepot ./cmd/certidepot

# Opens the example dossier (created on first run; delete it to start again).
# Without a screen, the app starts on a virtual one (Xvfb) and saves what it
# shows to bin/capture.png.
run: build
	@test -f $(EXEMPLE) || bin/certidepot-cli exemple $(EXEMPLE)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		bin/certidepot $(EXEMPLE); \
	else \
		echo "Pas d'écran : Certidépôt démarre sur un écran virtuel et enregistre ce qu'il affiche dans bin/capture.png."; \
		GALLIUM_DRIVER=softpipe xvfb-run -a -s '-screen 0 1280x800x24' bin/certidepot --capture bin/capture.png $(EXEMPLE) 2>/dev/null; \
		test -s bin/capture.png && echo "Capture : bin/capture.png"; \
	fi

fmt-check: deps
	@bad=$$("$$($(GO) env GOROOT)/bin/gofmt" -l cmd core ui scripts); \
	if [ -n "$$bad" ]; then echo "gofmt à appliquer sur : $$bad"; exit 1; fi

vet: deps
	$(GO) vet ./...

test: deps fmt-check vet vet-windows
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -race -short ./core/...
	$(MAKE) --no-print-directory fuzz-short

# The Windows build of our code compiles and passes vet: every package,
# tests included, type-checked for windows/amd64 with cgo (MinGW-w64 and a
# static libxml2 built once from Debian's source, then cached). The "ci"
# tag gives Fyne its headless driver, so the GLFW/OpenGL C code (6 minutes
# to cross-compile) is left to make package-windows; about 2 minutes on a
# fresh machine, a second when cached.
vet-windows: deps
	@scripts/install-deps.sh windows-build
	@xml2=$$(scripts/windows-libxml2.sh) && \
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc PKG_CONFIG_LIBDIR="$$xml2/lib/pkgconfig" \
		$(GO) vet -tags ci ./... && echo "go vet pour Windows : OK"

# Each fuzz target runs briefly on top of its committed seed corpus
# (testdata/fuzz); run longer with FUZZTIME=5m.
FUZZTIME ?= 4s
fuzz-short:
	$(GO) test -run '^$$' -fuzz '^FuzzConvert$$' -fuzztime $(FUZZTIME) ./core
	$(GO) test -run '^$$' -fuzz '^FuzzReadAccuse$$' -fuzztime $(FUZZTIME) ./core/cdc
	$(GO) test -run '^$$' -fuzz '^FuzzRenderRoundTrip$$' -fuzztime $(FUZZTIME) ./core/cdc
	$(GO) test -run '^$$' -fuzz '^FuzzTranslate$$' -fuzztime $(FUZZTIME) ./core/cdc
	$(GO) test -run '^$$' -fuzz '^FuzzInputGuard$$' -fuzztime $(FUZZTIME) ./core/cdc

# Fault-injection suite (cmd/certidepot-cli/faults): real CLI processes
# killed with SIGKILL at random offsets and chosen instants, a full disk (a
# small tmpfs, as root), two commands at once, damaged inputs, and one test
# per known hole; one summary line per operation. make test runs a brief
# version. CERTIDEPOT_FAULTS_SEED=N replays a run (its seed is printed),
# CERTIDEPOT_FAULTS_KILLS=N sets the random kills per operation (50).
faults: deps
	cd cmd/certidepot-cli/faults && CERTIDEPOT_FAULTS=full ../../../$(GO) test -count=1 -timeout 60m

# One PNG per main screen of the real app under Xvfb, into
# $(SCREENSHOTS_DIR) (default docs/screenshots).
screenshots: build
	scripts/screenshots.sh

# Whole-job measures through the CLI on generated data (BENCH_ROWS,
# 200,000 by default), outside CI.
bench: build
	scripts/bench.sh

# Linux package made with the Fyne packaging tool, installed and started
# under Xvfb by the script to prove it works.
package-linux: deps
	scripts/package-linux.sh

# Windows package (.zip and installer), cross-compiled here, then started
# under Wine (command line, window under Xvfb, installer) to prove it runs.
package-windows: deps
	scripts/package-windows.sh

clean:
	rm -rf bin dist
