# The two commands of the README's quick start. Each sets the project up first (npm packages and
# the embedded FerretDB build; cached, so a second run is quick).
.PHONY: demo test setup start bench check

setup:
	bash scripts/setup.sh

demo: setup
	JIATI_DEMO=1 JIATI_QUIET_HOURS=$${JIATI_QUIET_HOURS:-00:00-00:00} \
		JIATI_OUTBOX_PER_GROUP_PER_SECOND=$${JIATI_OUTBOX_PER_GROUP_PER_SECOND:-20} \
		JIATI_OUTBOX_PER_MINUTE=$${JIATI_OUTBOX_PER_MINUTE:-600} node --import tsx main.ts

start: setup
	node --import tsx main.ts

# Every check and every test: format, lint (with the import direction), typecheck, jest (both tiers).
test: setup
	npm run check

check: test

bench: setup
	npm run bench
