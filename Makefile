# The two quick-start commands: `make run` and `make test`. Both install what is missing first.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
DATA_DIR ?= ./data

.PHONY: deps bench-deps build run test bench clean

deps:
	@bash scripts/install-deps.sh

# Packages only the benchmark suite uses (iperf3, fio, redis-server); not needed by `make test`.
bench-deps:
	@bash scripts/install-deps.sh --bench

build: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@mkdir -p $(DATA_DIR)
	$(BUILD_DIR)/src/gregor/gregor server config/server.properties --override log.dirs=$(DATA_DIR)

test: build
	@bash tests/interop/setup.sh
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

# The benchmark suite (bench/README.md), e.g. make bench BENCH_ARGS="--quick" or "--only P1,P4".
bench: build bench-deps
	@BUILD_DIR=$(BUILD_DIR) bash bench/run $(BENCH_ARGS)

clean:
	rm -rf $(BUILD_DIR)
