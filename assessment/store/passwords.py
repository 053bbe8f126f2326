"""Password rules (long enough, not a common password, not the user name, not one character repeated) and the hasher.

The list of common passwords is short on purpose: it catches what people type first
(and their Spanish and Portuguese forms), not every leaked password.

Hashes use Argon2id with the RFC 9106 low-memory profile. The test suite, and the servers
it starts, set `FAST_HASH_SWITCH` to 1 for hashes that take microseconds instead of a good
part of a second; nothing else should. A hash records its own parameters, so a cheap hash
still verifies under the strong hasher and the other way round.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Mapping

from argon2 import Parameters, PasswordHasher, Type
from argon2.profiles import RFC_9106_LOW_MEMORY

from ..errors import AssessmentError

FAST_HASH_SWITCH = "ASSESSMENT_INSECURE_FAST_HASH_FOR_TESTS"
STRONG_HASH = RFC_9106_LOW_MEMORY
"""Argon2id, 3 passes over 64 MiB with 4 lanes: what every real deployment uses."""
INSECURE_FAST_HASH = Parameters(
    type=Type.ID, version=19, salt_len=16, hash_len=32, time_cost=1, memory_cost=8, parallelism=1
)
"""The cheapest parameters Argon2 accepts: for tests only, they protect nothing."""

MIN_LENGTH = 12
MIN_DISTINCT = 5
COMMON = frozenset(
    """
    123456789012 1234567890123 12345678901234 123456123456 password1234 password12345 passw0rd1234
    qwertyuiop12 qwertyuiopas qwerty123456 1q2w3e4r5t6y 1qaz2wsx3edc asdfghjkl123 zxcvbnm12345
    iloveyou1234 welcome12345 administrator admin1234567 adminadmin12 changeme1234 letmein12345
    trustno1trustno1 football1234 baseball1234 superman1234 princess1234 sunshine1234 monkey123456
    dragon123456 master123456 abc123abc123 abcdefghijkl 111111111111 000000000000 987654321098
    contraseña123 contrasena123 contrasena1234 contraseña1234 micontraseña
    bienvenido123 bienvenido1234 cambiame1234 seguridad123 ciberseguridad ciberseguridad1
    ministerio123 gobierno1234 senha1234567 minhasenha123 bemvindo1234 motdepasse123 bienvenue1234
    cybersecurity cybersecurity1 security1234 password-123 p@ssw0rd1234 p@ssword1234
    """.split()  # noqa: SIM905  (a block of words reads better than a list of quoted strings)
)


MESSAGES = {
    "length": f"the password must have at least {MIN_LENGTH} characters",
    "distinct": f"the password must use at least {MIN_DISTINCT} different characters",
    "common": "this password is too common: choose another",
    "username": "the password must not contain the user name",
}
"""The rules, in English for the CLI and logs; the pages show `password.<rule>` from the interface catalog."""


def broken_rule(password: str, username: str = "") -> str | None:
    """The first rule a password breaks (a key of MESSAGES), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return "length"
    if len(set(password)) < MIN_DISTINCT:
        return "distinct"
    folded = password.casefold()
    if folded.strip() in COMMON:
        return "common"
    name = username.strip().casefold()
    local = name.split("@", 1)[0]
    if name and (name in folded or (len(local) >= 4 and local in folded)):
        return "username"
    return None


def password_problem(password: str, username: str = "") -> str | None:
    """Why a password is refused, in English, or None when it is acceptable."""
    rule = broken_rule(password, username)
    return None if rule is None else MESSAGES[rule]


def check_password(password: str, username: str = "") -> None:
    """Raise AssessmentError with the reason when `password` is refused."""
    problem = password_problem(password, username)
    if problem is not None:
        raise AssessmentError(problem)


def hash_parameters(environ: Mapping[str, str] = os.environ) -> Parameters:
    """The strong parameters, unless `FAST_HASH_SWITCH` is exactly "1" in `environ`."""
    return INSECURE_FAST_HASH if environ.get(FAST_HASH_SWITCH) == "1" else STRONG_HASH


@functools.cache
def password_hasher() -> PasswordHasher:
    """The hasher of this process, chosen once, on first use, from the environment (see `hash_parameters`)."""
    parameters = hash_parameters()
    if parameters is INSECURE_FAST_HASH:
        logging.getLogger(__name__).warning("%s=1: INSECURE password hashes, for tests only", FAST_HASH_SWITCH)
    return PasswordHasher.from_parameters(parameters)
