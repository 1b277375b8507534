"""Schemathesis over the REST API, in process: every operation of the OpenAPI description gets
generated requests, valid and invalid, and every answer is checked. Shared by the CI test
(tests/web/test_web_hardening.py, a few examples per operation) and the report script
(bench/schemathesis_api.py, many)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

STACK_TRACE_MARKERS = ("Traceback (most recent call last)", 'File "/', "site-packages")


@dataclass
class OperationReport:
    """What the generated requests of one operation got back."""

    label: str
    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[dict[str, Any]] = field(default_factory=list)
    stack_traces: int = 0
    nonconforming: Counter[str] = field(default_factory=Counter)

    def send(self, case: Any, mode: str) -> None:
        """Send one generated request and note what came back."""
        self.cases += 1
        try:
            response = case.call()
        except Exception as exc:  # in process, the server's exception reaches the caller
            self.statuses[500] += 1
            self.server_errors.append({"mode": mode, **_request(case), "error": _excerpt(exc)})
            return
        self.statuses[response.status_code] += 1
        if any(marker in response.text for marker in STACK_TRACE_MARKERS):
            self.stack_traces += 1
        if response.status_code >= 500:
            self.server_errors.append(
                {"mode": mode, **_request(case), "status": response.status_code, "answer": response.text[:300]}
            )
        for name in _conformance_failures(case, response):
            self.nonconforming[name] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "server_errors": len(self.server_errors),
            "server_error_samples": self.server_errors[:5],
            "stack_traces": self.stack_traces,
            "nonconforming": dict(self.nonconforming),
        }


def _excerpt(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _request(case: Any) -> dict[str, str]:
    return {
        "method": case.method,
        "path": case.formatted_path,
        "query": _excerpt(case.query),
        "body": _excerpt(case.body),
    }


def _conformance_failures(case: Any, response: Any) -> list[str]:
    """The names of the schema checks the answer fails (a 422 the schema does not list, say)."""
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    failed = []
    for check in (status_code_conformance, content_type_conformance, response_schema_conformance):
        try:
            case.validate_response(response, checks=[check])
        except (AssertionError, BaseExceptionGroup):  # a failure, or schemathesis's group of them
            failed.append(check.__name__)
    return failed


def _fuzz(operation: Any, mode: Any, report: OperationReport, max_examples: int) -> None:
    from hypothesis import HealthCheck, Phase, given, settings

    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def send(case: Any) -> None:
        report.send(case, mode.value)

    send()


def run(app: Any, *, max_examples: int) -> dict[str, Any]:
    """Generate ``max_examples`` valid and as many invalid requests per operation (fewer when an
    operation has fewer distinct inputs), send them to ``app`` in process, and report."""
    import schemathesis
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    reports: dict[str, OperationReport] = {}
    started = time.perf_counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        report = reports.setdefault(operation.label, OperationReport(operation.label))
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, report, max_examples)
    operations = {label: r.to_dict() for label, r in sorted(reports.items())}
    return {
        "schemathesis": schemathesis.__version__,
        "operations": len(operations),
        "test_cases": sum(r.cases for r in reports.values()),
        "server_errors": sum(len(r.server_errors) for r in reports.values()),
        "stack_traces": sum(r.stack_traces for r in reports.values()),
        "max_examples_per_operation_and_mode": max_examples,
        "seconds": round(time.perf_counter() - started, 1),
        "by_operation": operations,
    }
