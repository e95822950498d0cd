from __future__ import annotations

import pytest

from oddsdesk.config import load_settings
from oddsdesk.domain import Book
from oddsdesk.errors import ConfigError


def test_defaults_match_the_books_known_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ODDSDESK_DATABASE_URL", raising=False)
    settings = load_settings(_env_file=None)
    assert settings.database_url == "sqlite+pysqlite:///oddsdesk.db"
    assert settings.limits(Book.BET9JA).concurrency == 15
    assert settings.limits(Book.BET9JA).spacing_ms == 25
    assert settings.limits(Book.BETPAWA).concurrency == 50
    assert settings.betpawa_brand == "betpawa-nigeria"
    assert settings.api_host == "127.0.0.1"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:////tmp/x.db", "sqlite+pysqlite:////tmp/x.db"),
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgres://u@h:5433/db", "postgresql+psycopg://u@h:5433/db"),
    ],
)
def test_database_urls_choose_the_driver(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    monkeypatch.setenv("ODDSDESK_DATABASE_URL", given)
    assert load_settings(_env_file=None).database_url == expected


def test_invalid_settings_name_the_variable_and_the_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ODDSDESK_DATABASE_URL", "mysql://x")
    monkeypatch.setenv("ODDSDESK_BET9JA_CONCURRENCY", "0")
    monkeypatch.setenv("ODDSDESK_ENABLED_BOOKS", "betpawa,pinnacle")
    with pytest.raises(ConfigError) as info:
        load_settings(_env_file=None)
    message = str(info.value)
    assert "ODDSDESK_DATABASE_URL" in message
    assert "ODDSDESK_BET9JA_CONCURRENCY" in message
    assert "ODDSDESK_ENABLED_BOOKS" in message


def test_enabled_books_read_from_a_comma_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODDSDESK_ENABLED_BOOKS", "betpawa, bet9ja")
    assert load_settings(_env_file=None).enabled_books == [Book.BETPAWA, Book.BET9JA]


def test_exposed_api_requires_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODDSDESK_API_HOST", "0.0.0.0")
    monkeypatch.delenv("ODDSDESK_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="api_key"):
        load_settings(_env_file=None)
