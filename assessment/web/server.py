"""HTTP routes beside Streamlit's: the session cookie, sign-out, a health check that touches the database.

Streamlit's pages talk over a WebSocket, which cannot set cookies. So signing in ends
with the browser visiting `/auth/session?code=…` once: the route trades the one-time code
for a session token, sets it as an HttpOnly, SameSite cookie and sends the browser on to
where it was going. Every later page load (a reload, a new tab, a reconnection after a
server restart) carries the cookie, and the app resumes the session from it.

Every response also gets `Cache-Control: no-store` on downloads and these routes, and
`Referrer-Policy: no-referrer` everywhere (invitation links carry a code in the address).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import text
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..store import Store, sessions
from ..store.database import default_url

COOKIE = "assessment_session"
DEVICE_COOKIE = "assessment_device"
DEVICE_DAYS = 180
NO_STORE_PREFIXES = ("/media/", "/auth/", "/health")


@cache
def _store() -> Store:
    return Store(default_url())


def safe_next(value: str | None) -> str:
    """Only a path of this site: never another host (`//evil`, `https://…`), never a header break."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    if any(ord(c) < 32 for c in value):
        return "/"
    return value


def _same_site(request: Request) -> bool:
    """Browsers say where a navigation comes from; only our own pages may sign a browser in or out.

    This stops a link from elsewhere signing a victim into the attacker's account (login
    CSRF) or signing them out. Old browsers that send no Sec-Fetch-Site are let through.
    """
    return request.headers.get("sec-fetch-site", "same-origin") == "same-origin"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


async def start_session(request: Request) -> Response:
    """Set the session cookie, and the device cookie that keeps this browser's sign-ins apart from guessers'."""
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    if not _same_site(request):
        return response
    found = sessions.activate_session(_store(), request.query_params.get("code", ""))
    if found is not None:
        info, token = found
        cookie: dict[str, Any] = {"httponly": True, "samesite": "lax", "secure": _secure(request), "path": "/"}
        response.set_cookie(COOKIE, token, max_age=int(sessions.lifetime().total_seconds()), **cookie)
        device = sessions.remember_device(_store(), info.user_id, request.cookies.get(DEVICE_COOKIE))
        if device is not None:
            response.set_cookie(DEVICE_COOKIE, device, max_age=DEVICE_DAYS * 86_400, **cookie)
    return response


async def sign_out(request: Request) -> Response:
    """Forget the cookie in this browser (the sessions themselves were ended by the page)."""
    if not _same_site(request):
        return RedirectResponse("/", status_code=303)
    token = request.cookies.get(COOKIE)
    found = sessions.resume(_store(), token)
    if found is not None:
        sessions.end_all(_store(), found.user_id)
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response


async def health(_request: Request) -> Response:
    """200 when the database answers a query, 503 otherwise (a load balancer then stops sending people here)."""
    try:
        with _store().engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return PlainTextResponse("database unavailable", status_code=503)
    return PlainTextResponse("ok")


class HeadersMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.url.path.startswith(NO_STORE_PREFIXES) or "/media/" in request.url.path:
            response.headers["Cache-Control"] = "no-store"
        return response


ROUTES = [
    Route("/auth/session", start_session),
    Route("/auth/sign-out", sign_out),
    Route("/health", health),
]
MIDDLEWARE = [Middleware(HeadersMiddleware)]
