# The two quick-start commands: `make run` and `make test`. Both install what is missing first.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
DATA_DIR ?= ./data

.PHONY: deps build run test bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@mkdir -p $(DATA_DIR)
	$(BUILD_DIR)/src/gregor/gregor server config/server.properties --override log.dirs=$(DATA_DIR)

test: build
	@bash tests/interop/setup.sh
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

bench: build
	@bash bench/run

clean:
	rm -rf $(BUILD_DIR)
