# Every target goes through build.sh, which finds a JDK 21+ on its own.
.PHONY: build run test e2e bench loadtest chaos abuse docs clean

JARS := dist/backend.jar dist/session.jar
SOURCES := $(shell find pom.xml common session backend -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' -type f 2>/dev/null)

build:
	./build.sh

$(JARS): $(SOURCES)
	./build.sh

## Start the whole stack: backend on http://localhost:8080 and its session servers. Ctrl-C stops everything.
run: $(JARS)
	./scripts/run.sh

## Every JVM test, then the check that `make run` leaves no process behind.
test:
	./build.sh test
	./scripts/test-run.sh

## The attack suite against a fresh `make run` stack with default settings; QUICK=1 for the short form.
## The table is printed and kept in dist/abuse/<date>.md. The short form also runs in `make test` (AbuseSuiteTest).
abuse: $(JARS)
	./scripts/abuse.sh

## The fault-injection suite, long form: CHAOS_FAULTS faults (24), CHAOS_SEED to repeat a run's choices.
## The report is printed and kept in backend/target/chaos-report.txt (the processes' log: chaos-stack.log).
CHAOS_FAULTS ?= 24
chaos:
	./build.sh mvn -q -pl backend -am -Dtest='ChaosTest#thoroughRun' -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dchaos.faults=$(CHAOS_FAULTS) $(if $(CHAOS_SEED),-Dchaos.seed=$(CHAOS_SEED)) verify; \
	  status=$$?; cat backend/target/chaos-report.txt 2>/dev/null; exit $$status

## Browser tests: builds the jars, then drives Debian's chromium (/usr/bin/chromium) against a real stack.
e2e: $(JARS)
	cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	cd e2e && npm test

LOADTEST_SOURCES := $(shell find loadtest -name '*.java' -o -name 'pom.xml' 2>/dev/null)

dist/loadtest.jar: $(LOADTEST_SOURCES)
	./build.sh

## Drive a running stack with the load tool: make loadtest ARGS="burst --rooms 10 --users 100" (ARGS=--help lists all).
loadtest: dist/loadtest.jar
	./scripts/loadtest.sh $(ARGS)

## The standard benchmarks on a fresh local stack per run; prints the medians (RUNS=3, SCENARIOS=... to choose).
bench: $(JARS) dist/loadtest.jar
	./scripts/bench.sh

## Rewrite docs/CONFIG.md's tables from the settings in the code (make test fails while they differ).
docs:
	./build.sh mvn -q -pl backend -am -Dtest='ConfigDocsTest' -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.write=true test

clean:
	./build.sh mvn -q clean
	rm -rf dist
