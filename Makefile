# gradnb: Go notebooks on gradient-based optimisation.
#
#   make run       set up, execute every notebook headless, write build/
#   make notebook  set up, start Jupyter Notebook on notebooks/
#   make test      set up, gofmt check, go vet, go test ./... (with the notebooks)
#   make bench     run the benchmarks
#   make editions  write build/teacher (solutions, executed) and build/student (no solutions)
#   make setup     only the set-up: Jupyter, bin/{gonb,gopls,goimports}, kernel, warm cache
#
# The set-up installs only what is missing, so a second run installs nothing.

SHELL := /bin/bash
GO ?= go
BIN := $(CURDIR)/bin
export PATH := $(BIN):$(HOME)/.local/bin:$(PATH)
TOOLS := $(BIN)/gonb $(BIN)/gopls $(BIN)/goimports
# Per-cell time limit for headless runs (seconds).
CELL_TIMEOUT ?= 600

.PHONY: all setup jupyter kernel warm run notebook test bench fmt-check clean editions hub-loadtest hub-install hub
.PHONY: image

all: test

setup: jupyter $(TOOLS) kernel warm

# Jupyter: Debian packages when root on Debian, otherwise pip --user.
jupyter:
	@if command -v jupyter-nbconvert >/dev/null 2>&1 && command -v jupyter-notebook >/dev/null 2>&1; then \
		echo "jupyter: found $$(jupyter-nbconvert --version 2>/dev/null | tail -1) (nbconvert)"; \
	elif [ "$$(id -u)" = 0 ] && [ -f /etc/debian_version ]; then \
		echo "jupyter: installing Debian packages"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			jupyter-notebook jupyter-nbconvert python3-nbclient; \
	else \
		echo "jupyter: installing with pip --user"; \
		python3 -m pip install --user notebook nbconvert; \
	fi

# gonb, gopls and goimports at the versions pinned by the tool directives in go.mod.
$(TOOLS) &: go.mod go.sum
	@echo "tools: building gonb, gopls, goimports from go.mod's tool directives"
	$(GO) build -o $(BIN)/ github.com/janpfeifer/gonb golang.org/x/tools/gopls golang.org/x/tools/cmd/goimports

kernel: $(TOOLS)
	@$(GO) run ./notebooks/cmd/nbrun -install-kernel

# Compile every package the notebooks import, so a class's first cell is not the slow one.
warm:
	@$(GO) build ./... && echo "build cache: warm"

run: setup
	$(GO) run ./notebooks/cmd/nbrun -out build -timeout $(CELL_TIMEOUT)s

# Teacher's and student's editions of the notebooks with exercises (nbgrader's conventions).
editions: setup
	$(GO) run ./notebooks/cmd/editions -out build -timeout $(CELL_TIMEOUT)s

notebook: setup
	jupyter-notebook --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi; echo "gofmt: ok"

# staticcheck runs at a fixed version outside go.mod's tool directives: as a
# tool it would raise golang.org/x/tools above what gopls v0.23.0 builds with.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

test: setup fmt-check
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) test -count=1 -timeout 45m ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# A class on this machine (root, Debian): hub-install puts gradnb for every
# user in /opt/gradnb and the gonb kernel in /usr/local/share/jupyter (run it
# again after changing the library); hub starts JupyterHub in the foreground
# at HUB_ADDR (students log in with their Unix accounts, members of the group
# gradnb-students). See the README's "Teaching a class" and
# notebooks/classroom/jupyterhub_config.py (every GRADNB_… variable).
#   hub-cert            a self-signed certificate for HUB_ADDR in HUB_ETC
#                       (hub.crt, hub.key), used by hub and hub-service
#   hub-students N=30 [PREFIX=s]   accounts s01…s30 in gradnb-students, their
#                       passwords in HUB_ETC/students-s.csv; again: no change
#   hub-students-remove [PREFIX=s] removes them
#   hub-service         the hub as the systemd service gradnb-hub, with the
#                       environment hub uses (HUB_ETC/hub.env)
# Without a certificate the hub refuses a non-loopback HUB_ADDR unless
# HUB_INSECURE=1. Limits and culling: export GRADNB_MEM_LIMIT,
# GRADNB_PIDS_LIMIT, GRADNB_CPU_LIMIT, GRADNB_CPU_DEMOTE, GRADNB_CULL_KERNEL,
# GRADNB_CULL_SERVER (hub-service writes them into HUB_ETC/hub.env).
HUB_ADDR ?= 127.0.0.1:8000
HUB_ETC ?= /etc/gradnb
HUB_SSL_CERT ?= $(if $(wildcard $(HUB_ETC)/hub.crt),$(HUB_ETC)/hub.crt)
HUB_SSL_KEY ?= $(if $(wildcard $(HUB_ETC)/hub.key),$(HUB_ETC)/hub.key)
HUB_INSECURE ?=
HUB_ENV = GRADNB_HUB_ADDR=$(HUB_ADDR) $(if $(HUB_SSL_CERT),GRADNB_HUB_SSL_CERT=$(HUB_SSL_CERT) GRADNB_HUB_SSL_KEY=$(HUB_SSL_KEY)) $(if $(HUB_INSECURE),GRADNB_HUB_INSECURE=$(HUB_INSECURE))
N ?=
PREFIX ?= s
.PHONY: hub-cert hub-students hub-students-remove hub-service
hub-install:
	notebooks/classroom/install.sh

hub: hub-install
	$(HUB_ENV) jupyterhub -f notebooks/classroom/jupyterhub_config.py

hub-cert:
	GRADNB_ETC=$(HUB_ETC) notebooks/classroom/cert.sh $(HUB_ADDR)

hub-students:
	@[ -n "$(N)" ] || { echo "hub-students: say how many, e.g. make hub-students N=30 [PREFIX=s]"; exit 1; }
	GRADNB_ETC=$(HUB_ETC) notebooks/classroom/students.sh add $(N) $(PREFIX)

hub-students-remove:
	GRADNB_ETC=$(HUB_ETC) notebooks/classroom/students.sh remove $(PREFIX)

hub-service: hub-install
	$(HUB_ENV) GRADNB_ETC=$(HUB_ETC) notebooks/classroom/service.sh

# The class's exercise progress in the terminal (root: it reads the
# students' record files), the table the teacher's page at
# http://HUB_ADDR/services/progress/ shows; CSV=1: one CSV row per student
# with the grade nbgrader would give. See notebooks/classroom/progress/.
.PHONY: hub-progress
hub-progress:
	@/usr/bin/python3 notebooks/classroom/progress/progress.py $(if $(CSV),--csv)

# Load test of the class hub (root): STUDENTS real accounts per pass (default
# the sweep 1,5,10,20), each logs in, starts a server and runs a notebook
# over the kernel websocket: each of NOTEBOOKS in turn (default "lessons",
# the five lessons; e.g. NOTEBOOKS=01 or 01,05a or a path to an .ipynb);
# RUNAWAY=1 adds, per pass, a run where student 1
# loops forever until interrupted. Uses the hub at HUB_ADDR if one answers
# (PAM: the accounts get real passwords), else starts one in test mode with
# a throwaway state folder and password. Table on stdout, JSON in
# build/hubload.json; the accounts are removed at the end.
STUDENTS ?= 1,5,10,20
NOTEBOOKS ?= lessons
HUBLOAD_FLAGS ?=
hub-loadtest: hub-install
	@state=$$(mktemp -d); \
	export GRADNB_HUB_TEST_PASSWORD=$$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'); \
	$(GO) run ./notebooks/cmd/hubload -hub http://$(HUB_ADDR) -students $(STUDENTS) -notebooks $(NOTEBOOKS) $(if $(RUNAWAY),-runaway) \
		-start-hub "GRADNB_HUB_TEST=1 GRADNB_HUB_STATE=$$state GRADNB_HUB_ADDR=$(HUB_ADDR) jupyterhub -f notebooks/classroom/jupyterhub_config.py" \
		$(HUBLOAD_FLAGS); \
	rc=$$?; rm -rf "$$state"; exit $$rc

# The classroom image (notebooks/classroom/Dockerfile) as IMAGE: Jupyter, the
# gonb kernel and the notebooks, installed by install.sh; `docker run -p
# 8888:8888 gradnb` serves a learner. BASE: its base image (default the
# Dockerfile's golang:1.26-bookworm; where that cannot be pulled, a local
# stand-in made once by notebooks/classroom/image-base.sh: root, debootstrap).
# The context is this checkout's files (git's: not what .gitignore names, so
# files tests generate do not defeat the build cache) minus what
# Dockerfile.dockerignore names, sent as a tar, so that every docker client
# (BuildKit or not) sends the same.
IMAGE ?= gradnb
DOCKER ?= docker
image:
	@base='$(BASE)'; \
	if [ -z "$$base" ]; then \
		base=$$(sed -n 's/^ARG BASE=//p' notebooks/classroom/Dockerfile); \
		if ! $(DOCKER) image inspect "$$base" >/dev/null 2>&1 && ! $(DOCKER) pull -q "$$base" >/dev/null 2>&1; then \
			echo "image: $$base cannot be pulled; using the local stand-in gradnb-base:bookworm"; \
			DOCKER='$(DOCKER)' notebooks/classroom/image-base.sh gradnb-base:bookworm || exit 1; \
			base=gradnb-base:bookworm; \
		fi; \
	fi; \
	echo "image: building $(IMAGE) on $$base"; start=$$(date +%s); \
	excludes=$$(sed -n '/^[^#]/{s|^\*\*/||;s|.*|--exclude=& --exclude=&/*|p;}' notebooks/classroom/Dockerfile.dockerignore); \
	{ git ls-files -co --exclude-standard 2>/dev/null || find . -type f; } | tar -c --no-recursion --ignore-failed-read $$excludes -T - | $(DOCKER) build --build-arg BASE="$$base" -f notebooks/classroom/Dockerfile -t $(IMAGE) - || exit 1; \
	echo "image: $(IMAGE) built in $$(( $$(date +%s) - start )) s, $$($(DOCKER) image inspect -f '{{.Size}}' $(IMAGE) | awk '{printf "%.2f GB", $$1/1e9}')"

clean:
	rm -rf build
