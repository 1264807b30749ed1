"""Runs many aws CLI (v1) commands in one Python process, one per stdin line.

The aws CLI spends about a second of CPU starting up; the conformance suite
runs dozens of commands, so it pays that once here. Each command still goes
through the CLI's own driver (`awscli.clidriver.create_clidriver().main`,
exactly what the `aws` script calls) with a fresh driver and session, its
own stdout/stderr, and logging put back afterwards (`--debug` adds handlers).

Protocol: stdin lines `{"id": N, "args": [...]}`; stdout lines
`{"id": N, "code": int, "stdout": str, "stderr": str}`.
"""
import contextlib
import io
import json
import logging
import sys
import traceback

from awscli.clidriver import create_clidriver

real_stdout = sys.stdout


def all_loggers():
    return [logging.getLogger()] + [l for l in logging.Logger.manager.loggerDict.values() if isinstance(l, logging.Logger)]


def logging_state():
    return {id(l): (l, l.level, list(l.handlers), l.propagate) for l in all_loggers()}


def restore_logging(saved):
    for logger in all_loggers():
        _, level, handlers, propagate = saved.get(id(logger), (logger, logging.NOTSET, [], True))
        logger.setLevel(level)
        logger.handlers = handlers
        logger.propagate = propagate


for line in sys.stdin:
    if not line.strip():
        continue
    request = json.loads(line)
    out, err = io.StringIO(), io.StringIO()
    saved = logging_state()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = create_clidriver().main(request["args"])
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except Exception:
            traceback.print_exc()
            code = 255
    restore_logging(saved)
    real_stdout.write(json.dumps({"id": request["id"], "code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}) + "\n")
    real_stdout.flush()
