# FabricSim: the two commands a new user needs are `make run` and `make test` (see README.md).

SCENARIO ?= scenarios/quickstart.yaml
SWIFT ?= swift
FABRICSIM_RELEASE := .build/release/fabricsim

.PHONY: run build test readme tsan bench docs format validate setup clean dist

## run: install what is missing, build in release, and run $(SCENARIO) (default: the quickstart)
run: build
	$(FABRICSIM_RELEASE) run $(SCENARIO)

## build: release build of the fabricsim tool
build: setup
	$(SWIFT) build -c release --product fabricsim

## test: the test suite (debug build; physics on small models, no timing assertions)
test: setup
	$(SWIFT) test

## readme: every example of README.md in full (the suite runs the two slow ones reduced), with the release build
readme: build
	$(SWIFT) build --build-tests
	FABRICSIM_README_BINARY=$(CURDIR)/$(FABRICSIM_RELEASE) FABRICSIM_README_EXPENSIVE=1 $(SWIFT) test --skip-build --filter ReadmeExamples

## tsan: the sweep tests (worker threads, shared run counter, records) under the thread sanitizer, in their own
## build directory so the normal debug build is left alone. CI does not run it (docs/performance.md).
tsan: setup
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan --filter 'Sweep'

## bench: kernel benchmarks (package-benchmark; the malloc gate) and the Swift-vs-C++ PHOLD comparison
bench:
	FABRICSIM_BENCH=1 bash scripts/install-system-deps.sh
	cd Benchmarks && $(SWIFT) package benchmark --filter 'PHOLD.*' --scale
	cd Benchmarks && $(SWIFT) package benchmark thresholds check --filter 'PHOLD.*'
	bash Benchmarks/compare-phold.sh

## docs: regenerate the generated parts of docs/ (the scenario reference)
docs: build
	$(FABRICSIM_RELEASE) reference > docs/scenario-format.md

## format: format every Swift file with swift-format (.swift-format: 4 spaces, 120 columns); CI fails on a file this
## would change
SWIFT_SOURCES := Package.swift Sources Tests Fuzz Benchmarks/Package.swift Benchmarks/Benchmarks Benchmarks/Sources
format:
	$(SWIFT) format format --in-place --parallel --recursive $(SWIFT_SOURCES)

## validate: regenerate every table of docs/validation.md from simulations (release build; a few minutes). Exit 1 if a
## row fails its tolerance (rows marked as known, explained misses do not count).
validate: setup
	$(SWIFT) build -c release --product fabricsim-validate
	.build/release/fabricsim-validate --page docs/validation.md

## fuzz: build the libFuzzer target over the scenario reader (Fuzz/) and run it for FUZZ_SECONDS (default 600; 0 runs
## until stopped), seeded with scenarios/ and the test corpus; findings land in .build/fuzz-findings (docs/fuzzing.md)
FUZZ_SECONDS ?= 600
fuzz:
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

## dist: a self-contained fabricsim for machines without the Swift toolchain (cluster nodes): the Swift runtime and
## Foundation linked in (--static-swift-stdlib), built apart in .build-dist (a few minutes), checked with the
## toolchain hidden (scripts/check-dist.sh), packed in dist/fabricsim-VERSION-linux-ARCH/ and its .tar.gz
DIST_SCRATCH := .build-dist
dist: build
	$(SWIFT) build -c release --product fabricsim --static-swift-stdlib --scratch-path $(DIST_SCRATCH)
	bash scripts/dist.sh $(DIST_SCRATCH)/release/fabricsim

setup:
	@bash scripts/install-system-deps.sh

clean:
	rm -rf .build .build-tsan .build-dist dist Benchmarks/.build Fuzz/.build results
