"""Password hashes: strong unless the loud test switch is set, and cheap hashes still verify under strong settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from argon2 import PasswordHasher, Type, extract_parameters

from assessment.store import Store
from assessment.store.accounts import create_user, hash_password, sign_in, verify_password
from assessment.store.passwords import (
    FAST_HASH_SWITCH,
    INSECURE_FAST_HASH,
    STRONG_HASH,
    hash_parameters,
)
from tests.conftest import ROOT

PASSWORD = "a long test passphrase"  # noqa: S105 - a test account


def test_production_parameters_stay_strong():
    strong = hash_parameters({})
    assert strong.type is Type.ID
    assert strong.time_cost >= 3
    assert strong.memory_cost >= 64 * 1024
    assert strong.hash_len >= 32
    assert strong.salt_len >= 16


@pytest.mark.parametrize("value", ["", "0", "true", "yes", " 1", "1 "])
def test_only_exactly_one_turns_the_switch_on(value):
    assert hash_parameters({FAST_HASH_SWITCH: value}) is STRONG_HASH
    assert hash_parameters({FAST_HASH_SWITCH: "1"}) is INSECURE_FAST_HASH


def test_a_process_without_the_switch_stores_strong_hashes():
    env = {k: v for k, v in os.environ.items() if k != FAST_HASH_SWITCH}
    script = (
        "import json; from assessment.store.accounts import hash_password;"
        f" print(json.dumps(hash_password({PASSWORD!r})))"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    stored = json.loads(done.stdout)
    assert extract_parameters(stored) == STRONG_HASH
    assert PasswordHasher.from_parameters(INSECURE_FAST_HASH).verify(stored, PASSWORD)


def test_the_tests_hash_cheaply_and_those_hashes_verify_under_strong_settings(tmp_path):
    assert os.environ.get(FAST_HASH_SWITCH) == "1"  # set by tests/conftest.py
    stored = hash_password(PASSWORD)
    assert extract_parameters(stored) == INSECURE_FAST_HASH
    assert PasswordHasher.from_parameters(STRONG_HASH).verify(stored, PASSWORD)

    store = Store(f"sqlite:///{tmp_path / 'hashes.db'}")
    user = create_user(store, "someone@example.org", PASSWORD, "administrator", actor="t")
    assert verify_password(store, user.id, PASSWORD)
    assert not verify_password(store, user.id, PASSWORD + "x")
    assert sign_in(store, "someone@example.org", PASSWORD).user_id == user.id
