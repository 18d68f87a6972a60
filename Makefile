# commonweal — the two commands: `make run` and `make test`. Everything else is a helper of those.
# Release build in build/release (run, bench); ASan+UBSan build in build/asan (test).
SHELL := /bin/bash
JOBS ?= $(shell nproc)
REL := build/release
ASAN := build/asan
FUZZ := build/fuzz
DB ?= sqlite:var/commonweal.db
LISTEN ?= 127.0.0.1:8080

.PHONY: run test build bench fmt fuzz fuzz-build bootstrap assets test-unit test-e2e test-fuzz clean

bootstrap:
	@scripts/bootstrap

assets:
	@scripts/vendor-assets

build: bootstrap assets
	cmake -S . -B $(REL) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCW_TESTS=OFF
	ninja -C $(REL) -j $(JOBS) commonweal

run: build
	$(REL)/src/app/commonweal demo --db $(DB)
	$(REL)/src/app/commonweal serve --db $(DB) --listen $(LISTEN)

# Each test program run by ctest writes a GoogleTest XML report (cmake/testing.cmake), and the browser
# tests their timings, into $(RESULTS); scripts/slowest-tests prints the ten slowest tests at the end,
# so growth shows.
RESULTS := $(ASAN)/test-results

test: bootstrap assets
	cmake -S . -B $(ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCW_SANITIZE=ON
	ninja -C $(ASAN) -j $(JOBS)
	rm -rf $(RESULTS)
	$(MAKE) --no-print-directory test-unit test-fuzz test-e2e
	@scripts/slowest-tests $(RESULTS) 10

test-unit:
	mkdir -p $(RESULTS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN) --output-on-failure -j 2

test-e2e:
	mkdir -p $(RESULTS)
	E2E_TIMINGS=$(abspath $(RESULTS))/e2e-timings.txt scripts/test-e2e $(ASAN)/src/app/commonweal

fuzz-build: bootstrap
	CXX=clang++ cmake -S . -B $(FUZZ) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCW_FUZZ=ON -DCW_TESTS=OFF
	ninja -C $(FUZZ) -j $(JOBS) fuzzers

# make test runs each fuzzer briefly; `make fuzz SECONDS=600` for a real session.
SECONDS ?= 20
test-fuzz: fuzz-build
	scripts/fuzz $(FUZZ) 20 10

fuzz: bootstrap fuzz-build
	scripts/fuzz $(FUZZ) $(SECONDS) $(SECONDS)

bench: bootstrap assets
	cmake -S . -B $(REL) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCW_TESTS=OFF -DCW_BENCH=ON
	ninja -C $(REL) -j $(JOBS)
	bench/run $(REL)

fmt:
	find src bench fuzz tests -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf build
