"""The web API with a fake assistant: contracts, limits, errors, metrics."""

from __future__ import annotations

import json
import threading

from assistant.errors import InputError
from assistant.channels.web.app import create_app
from assistant.channels.web.deps import get_assistant

from .conftest import FakeAssistant, make_settings, start_client


def events(text: str) -> list[tuple[str, dict]]:
    out = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def test_ask_returns_the_chain_answer_with_an_id_and_logs_it(client, app, fake):
    r = client.post("/api/ask", json={"question": "  Тәрбиеші міндеттері?  ", "lang": "ru", "session_id": "s-1"})
    assert r.status_code == 200
    body = r.json()
    assert body["answer"].startswith("Жауап: Тәрбиеші міндеттері?") and body["lang"] == "ru"
    assert body["citations"][0]["id"] == "ch2.p4.c24"
    assert fake.calls == [("Тәрбиеші міндеттері?", "s-1", "ru")]
    stored = app.state.services.storage.answer(body["answer_id"])
    assert stored.question == "Тәрбиеші міндеттері?" and stored.citations == ["ch2.p4.c24"]
    assert stored.latency_ms >= 0


def test_the_stream_carries_the_same_answer(client):
    r = client.post("/api/ask/stream", json={"question": "a b c d e f g h i j k l m n"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    got = events(r.text)
    kinds = [kind for kind, _ in got]
    assert kinds[0] == "meta" and kinds[-1] == "done" and kinds.count("delta") >= 2
    done = got[-1][1]
    assert "".join(data["text"] for kind, data in got if kind == "delta") == done["answer"]
    assert got[0][1]["answer_id"] == done["answer_id"]


def test_a_dependency_override_replaces_the_assistant(app, client):
    other = FakeAssistant()
    app.dependency_overrides[get_assistant] = lambda: other
    client.post("/api/ask", json={"question": "сәлем"})
    assert other.calls == [("сәлем", None, None)]


def test_too_long_or_empty_questions_are_refused_with_a_reason(client):
    r = client.post("/api/ask", json={"question": "ы" * 1001})
    assert r.status_code == 422
    assert r.json() == {"detail": "the question is 1001 characters long; the limit is 1000"}
    r = client.post("/api/ask", json={"question": "   "})
    assert r.status_code == 422 and r.json()["detail"].startswith("question: ")
    r = client.post("/api/ask/stream", json={"question": "ы" * 1001})
    assert r.status_code == 422


def test_an_oversized_body_is_refused_before_parsing(client, fake):
    r = client.post("/api/ask", content=b'{"question": "' + b"x" * 20_000 + b'"}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json() == {"detail": "the request body is larger than 16384 bytes"}
    assert fake.calls == []


def test_rate_limit_answers_429_with_retry_after(tmp_path, fake):
    app = create_app(make_settings(tmp_path, rate_limit_per_minute=2), assistant_factory=lambda s: fake)
    client = start_client(app)
    assert [client.post("/api/ask", json={"question": "q"}).status_code for _ in range(2)] == [200, 200]
    r = client.post("/api/ask", json={"question": "q"})
    assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 60
    assert "too many requests" in r.json()["detail"]
    assert client.get("/health").status_code == 200  # operations are never throttled


def test_health_is_not_ready_until_the_assistant_is_loaded(tmp_path):
    gate = threading.Event()
    fake = FakeAssistant()

    def slow_factory(settings):
        gate.wait(5)
        return fake

    app = create_app(make_settings(tmp_path), assistant_factory=slow_factory)
    with __import__("fastapi.testclient").testclient.TestClient(app) as client:
        assert client.get("/health").status_code == 503
        assert client.get("/health").json() == {"status": "loading", "ready": False}
        r = client.post("/api/ask", json={"question": "q"})
        assert r.status_code == 503 and r.headers["retry-after"] and "loading" in r.json()["detail"]
        gate.set()
        app.state.services.assistant.wait(5)
        assert client.get("/health").json() == {"status": "ok", "ready": True}


def test_a_failed_load_is_reported_without_details(tmp_path):
    def broken(settings):
        raise RuntimeError("secret path /etc/x")

    app = create_app(make_settings(tmp_path), assistant_factory=broken)
    client = start_client(app)
    assert client.get("/health").json() == {"status": "failed", "ready": False}
    r = client.post("/api/ask", json={"question": "q"})
    assert r.status_code == 503 and "secret" not in r.text


def test_errors_never_leak_a_stack_trace(tmp_path):
    app = create_app(make_settings(tmp_path), assistant_factory=lambda s: FakeAssistant(fail=ZeroDivisionError("boom")))
    client = start_client(app)
    r = client.post("/api/ask", json={"question": "q"})
    assert r.status_code == 500
    assert r.json() == {"detail": "internal error; it has been logged"}
    assert "Traceback" not in r.text and "boom" not in r.text


def test_chain_input_errors_become_422(tmp_path):
    fake = FakeAssistant(fail=InputError("years cannot be negative"))
    client = start_client(create_app(make_settings(tmp_path), assistant_factory=lambda s: fake))
    r = client.post("/api/ask", json={"question": "q"})
    assert (r.status_code, r.json()) == (422, {"detail": "years cannot be negative"})


def test_a_slow_answer_times_out_with_504(tmp_path):
    gate = threading.Event()
    fake = FakeAssistant(delay=gate)
    app = create_app(make_settings(tmp_path, request_timeout_s=0.3), assistant_factory=lambda s: fake)
    client = start_client(app)
    r = client.post("/api/ask", json={"question": "q"})
    gate.set()
    assert r.status_code == 504 and "longer than 0.3 s" in r.json()["detail"]


def test_feedback_is_stored_with_the_answer(client, app):
    answer_id = client.post("/api/ask", json={"question": "Әдіскер талаптары"}).json()["answer_id"]
    r = client.post("/api/feedback", json={"answer_id": answer_id, "rating": "down", "comment": " wrong clause "})
    assert r.status_code == 200 and r.json() == {"answer_id": answer_id, "rating": "down", "stored": True}
    [item] = app.state.services.storage.review()
    assert item.feedback.comment == "wrong clause" and item.answer.question == "Әдіскер талаптары"


def test_feedback_on_an_unknown_answer_or_with_a_bad_rating_is_refused(client):
    r = client.post("/api/feedback", json={"answer_id": "0" * 32, "rating": "up"})
    assert r.status_code == 404 and "no answer" in r.json()["detail"]
    r = client.post("/api/feedback", json={"answer_id": "0" * 32, "rating": "meh"})
    assert r.status_code == 422 and r.json()["detail"].startswith("rating: ")


def test_a_clause_is_served_with_its_citation_and_level_focus(client):
    r = client.get("/api/clauses/ch2.p2.c13.l5", params={"lang": "ru"})
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == "ch2.p2.c13" and body["focus"] == "ch2.p2.c13.l5"
    assert body["label"].startswith("глава 2, параграф 2, пункт 13")
    assert [level["level"] for level in body["levels"]] == ["pedagog", "moderator", "expert", "researcher", "master"]
    assert body["levels"][4]["name"] == "педагог-мастер"
    assert client.get("/api/clauses/2.2.12").json()["id"] == "ch2.p2.c12"


def test_a_clause_is_served_as_it_should_read_with_the_printed_text_beside_it(client):
    body = client.get("/api/clauses/ch2.p2.c11").json()
    assert body["restored"] is True
    assert '"Білім туралы", "Педагог мәртебесі туралы"' in body["text"]
    assert '"Конституциясы Білім ", " "' in body["printed_text"] and '"Конституциясы Білім' not in body["text"]
    plain = client.get("/api/clauses/ch2.p2.c12").json()
    assert plain["restored"] is False and plain["printed_text"] is None


def test_unknown_and_ambiguous_clause_references(client):
    r = client.get("/api/clauses/ch99.c1")
    assert r.status_code == 404
    r = client.get("/api/clauses/92")
    assert r.status_code == 422 and "ch3.p14b.c92" in r.json()["candidates"]


def test_metrics_count_requests_answers_abstentions_and_errors(client):
    client.post("/api/ask", json={"question": "q"})
    client.post("/api/ask", json={"question": "? abstain"})
    client.post("/api/ask", json={"question": ""})
    text = client.get("/metrics").text
    assert 'assistant_http_requests_total{method="POST",route="/api/ask",status="200"} 2.0' in text
    assert 'assistant_answers_total{lang="kk",mode="extractive",route="regulation"} 2.0' in text
    assert 'assistant_abstentions_total{lang="kk"} 1.0' in text
    assert 'assistant_errors_total{kind="input"} 1.0' in text
    assert 'assistant_http_request_duration_seconds_bucket{le="0.5",route="/api/ask"}' in text


def test_cors_allows_only_the_configured_sites(client):
    allowed = client.options("/api/ask", headers={"Origin": "https://school.example", "Access-Control-Request-Method": "POST"})
    assert allowed.headers["access-control-allow-origin"] == "https://school.example"
    other = client.post("/api/ask", json={"question": "q"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    limited = client.post("/api/ask", json={"question": ""}, headers={"Origin": "https://school.example"})
    assert limited.headers["access-control-allow-origin"] == "https://school.example"  # errors are readable too


def test_openapi_documents_every_resource(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/ask", "/api/ask/stream", "/api/eligibility", "/api/positions", "/api/feedback",
            "/api/clauses/{clause_id}", "/health", "/metrics"} <= set(paths)
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text
    script = next(part.split('"')[0] for part in docs.text.split('src="')[1:] if "swagger-ui-bundle" in part)
    assert client.get(script).status_code == 200  # served here: the docs work without the internet


def test_openapi_describes_the_verdict_of_an_answer_and_one_citation_model_everywhere(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    eligibility = schemas["AskOut"]["properties"]["eligibility"]
    assert {"$ref": "#/components/schemas/EligibilityResult"} in eligibility["anyOf"]
    assert "verdict" in schemas["EligibilityResult"]["properties"]
    assert schemas["EligibilityResult"]["properties"]["citation"]["$ref"] == "#/components/schemas/Citation"
    assert schemas["AskOut"]["properties"]["citations"]["items"]["$ref"] == "#/components/schemas/Citation"
    assert {"id", "label", "label_kk", "label_ru", "quote"} <= set(schemas["Citation"]["properties"])


def test_widget_and_demo_page_are_served(client):
    js = client.get("/widget.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "attachShadow" in js.text and "innerHTML" not in js.text
    page = client.get("/")
    assert '<script src="/widget.js" data-lang="kk" async></script>' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_positions_autocomplete_in_both_languages(client):
    everything = client.get("/api/positions", params={"limit": 100}).json()
    assert len(everything) == 91 and everything[0]["id"] == "ch2.p1"
    typed = client.get("/api/positions", params={"q": "воспит", "lang": "ru", "limit": 5}).json()
    assert typed[0]["id"] == "ch2.p4" and typed[0]["name"].startswith("Воспитатель")
    assert all("оспитател" in p["name"] for p in typed)
    kazakh = client.get("/api/positions", params={"q": "педагог-психолог", "lang": "kk"}).json()
    assert kazakh and all("психолог" in p["title"] for p in kazakh)
    assert client.get("/api/positions", params={"q": "zzzz"}).json() == []
    assert client.get("/api/positions", params={"limit": 0}).status_code == 422


def test_eligibility_passes_the_facts_to_the_checker(app, client):
    from assistant.eligibility import check
    from assistant.channels.web.routers.eligibility import get_checker

    seen = {}

    def fake_checker(position, **facts):
        seen.update(facts, position=position)
        return check("ch2.p4", level="moderator", education="higher", years=3)

    app.dependency_overrides[get_checker] = lambda: fake_checker
    r = client.post("/api/eligibility", json={"position": "воспитатель детского сада", "level": "moderator",
                                              "education": "higher", "locality": "rural", "years": 3})
    assert r.status_code == 200 and r.json()["verdict"] == "eligible"
    assert seen["position"] == "воспитатель детского сада" and seen["level"].value == "moderator"
    assert seen["locality"].value == "rural" and seen["years"] == 3 and seen["retraining"] is None


def test_eligibility_verdicts_come_from_the_real_checker(client):
    r = client.post("/api/eligibility", json={"position": "ch2.p4", "level": "moderator", "education": "higher", "years": 1})
    body = r.json()
    assert r.status_code == 200 and body["verdict"] == "not_eligible"
    assert body["citation"]["id"].startswith("ch2.p4.") and body["explanation_ru"].startswith("Нет:")


def test_eligibility_input_errors_are_readable(client):
    r = client.post("/api/eligibility", json={"position": "ch2.p4", "years": -1})
    assert r.status_code == 422 and r.json()["detail"].startswith("years: ")
    r = client.post("/api/eligibility", json={"position": "ch2.p4", "years": 2, "colour": "red"})
    assert r.status_code == 422 and "colour" in r.json()["detail"]
    r = client.post("/api/eligibility", json={"position": "методист", "years": 2})
    assert r.status_code == 422 and len(r.json()["candidates"]) > 1


def test_the_form_options_are_labelled_in_the_requested_language(client):
    ru = client.get("/api/eligibility/options", params={"lang": "ru"}).json()
    assert [c["value"] for c in ru["level"]] == ["pedagog", "moderator", "expert", "researcher", "master"]
    assert ru["level"][2]["label"] == "педагог-эксперт" and ru["locality"][1]["label"] == "Сельская местность"
    kk = client.get("/api/eligibility/options", params={"lang": "kk"}).json()
    assert kk["level"][2]["label"] == "педагог-сарапшы"


def test_request_logs_carry_no_question_and_no_address(client, caplog):
    import logging

    from assistant.channels.logs import logging_config

    assert logging_config()["loggers"]["uvicorn.access"]["handlers"] == []  # uvicorn's own line has the address
    with caplog.at_level(logging.INFO, logger="assistant.web"):
        answer_id = client.post("/api/ask", json={"question": "Айгүл Серікқызы, ИИН 900101300123"}).json()["answer_id"]
    [line] = [r for r in caplog.records if r.getMessage() == "request"]
    assert (line.route, line.status, line.answer_id) == ("/api/ask", 200, answer_id)
    logged = " ".join(f"{k}={v}" for r in caplog.records for k, v in vars(r).items())
    assert "Айгүл" not in logged and "900101300123" not in logged and "testclient" not in logged


def test_the_guided_steps_of_a_position_are_served_in_the_requested_language(client):
    r = client.get("/api/eligibility/options", params={"position": "ch2.p1", "lang": "ru", "locality": "urban",
                                                       "variant": "general"})
    assert r.status_code == 200
    body = r.json()
    assert body["position_id"] == "ch2.p1" and body["implied"] == {"level": "pedagog"}
    steps = {s["name"]: s for s in body["steps"]}
    assert list(steps) == ["variant", "locality", "years", "nested_years", "categories_held", "civil_service_years"]
    assert steps["locality"]["value"] == "urban" and steps["locality"]["options"][1]["label"] == "Сельская местность"
    assert steps["categories_held"]["kind"] == "multi_choice"
    assert {"value": "head_manager", "label": "руководитель-менеджер"} in steps["categories_held"]["options"]
    assert steps["civil_service_years"]["kind"] == "number" and steps["civil_service_years"]["maximum"] == 60
    kk = client.get("/api/eligibility/options", params={"position": "ch2.p2", "lang": "kk"}).json()
    assert kk["steps"][0]["label"] == "Біліктілік деңгейі" and kk["steps"][0]["options"][2]["label"] == "педагог-сарапшы"
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"GuidedCheck", "Step", "FormOptions"} <= set(schema)


def test_unknown_positions_and_answers_of_the_steps_are_refused_with_a_reason(client):
    r = client.get("/api/eligibility/options", params={"position": "ch99.p9"})
    assert r.status_code == 404 and "no position with the id «ch99.p9»" in r.json()["detail"]
    r = client.get("/api/eligibility/options", params={"position": "ch3.p1", "variant": "nope"})
    assert r.status_code == 422 and "variant" in r.json()["detail"]
    r = client.get("/api/eligibility/options", params={"position": "ch2.p1", "locality": "moon"})
    assert r.status_code == 422 and "locality" in r.json()["detail"]
    r = client.get("/api/eligibility/options", params={"position": ""})
    assert r.status_code == 422


def test_a_kindergarten_head_in_a_city_gets_a_definite_verdict_with_the_served_steps(client):
    """Every step served is answered, the answers posted: the checker needs nothing more."""
    chosen = {"variant": "general", "locality": "urban"}
    facts = {"years": 3.0, "categories_held": [], "civil_service_years": 6.0, "nested_years": 1.0}
    served = client.get("/api/eligibility/options", params={"position": "ch2.p1", "lang": "ru", **chosen}).json()
    payload = {"position": "ch2.p1", **served["implied"]}
    for step in served["steps"]:
        payload[step["name"]] = step["value"] if step["value"] is not None else facts[step["name"]]
    r = client.post("/api/eligibility", json=payload)
    body = r.json()
    assert r.status_code == 200 and body["verdict"] == "eligible" and body["variant"] is None
    assert any(route["id"] == "civil_service" and route["status"] == "met" for route in body["routes"])
    assert body["explanation_ru"].startswith("Да")
    del payload["civil_service_years"]  # a fact of a served step left out: the verdict asks for it
    assert client.post("/api/eligibility", json=payload).json()["missing"][0]["fact"] == "civil_service_years"
    r = client.post("/api/eligibility", json={**payload, "categories_held": ["astronaut"]})
    assert r.status_code == 422 and "unknown categories" in r.json()["detail"]
