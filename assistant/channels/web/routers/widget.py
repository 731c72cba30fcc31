"""The embeddable widget (``/widget.js``) and the demo host page (``/``) that embeds it."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(tags=["widget"])

# The demo page runs no inline script: the widget is its only script, from this origin.
DEMO_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"


@router.get("/widget.js", response_class=FileResponse, include_in_schema=False)
def widget_js() -> FileResponse:
    return FileResponse(
        STATIC / "widget.js",
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/", response_class=FileResponse, include_in_schema=False)
def demo_page() -> FileResponse:
    return FileResponse(
        STATIC / "demo.html",
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": DEMO_CSP, "X-Content-Type-Options": "nosniff"},
    )
