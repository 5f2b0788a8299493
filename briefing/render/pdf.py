"""HTML -> PDF through WeasyPrint, with a URL fetcher that never leaves the template folders.

Only ``data:`` URIs and files under the template folders are served; http, https, ftp and
every other local file are refused (and remembered, so ``templates check`` can report them).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import RenderError

__all__ = ["html_to_pdf", "make_fetcher"]

log = logging.getLogger(__name__)


def make_fetcher(allowed_dirs: list[Path]) -> Any:
    """A WeasyPrint ``URLFetcher`` restricted to ``data:`` and files under ``allowed_dirs``."""
    from weasyprint.urls import URLFetcher

    roots = [Path(d).resolve() for d in allowed_dirs]

    class SafeFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data", "file"}, timeout=1)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(r) for r in roots) and path.is_file():
                    return super().fetch(url, headers)
                reason = "outside the template folders"
            elif scheme == "data":
                return super().fetch(url, headers)
            else:
                reason = "network access is not allowed"
            self.refused.append(url)
            log.warning("refused to fetch %s (%s)", url, reason)
            raise ValueError(f"refused to fetch {url}: {reason}")

    return SafeFetcher()


def html_to_pdf(html: str, base_dir: Path, allowed_dirs: list[Path]) -> tuple[bytes, list[str]]:
    """Render ``html`` to PDF bytes; returns the bytes and the URLs that were refused."""
    import weasyprint

    fetcher = make_fetcher(allowed_dirs)
    try:
        doc = weasyprint.HTML(
            string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher
        ).render()
        data = doc.write_pdf()
    except (ValueError, TypeError, AttributeError, KeyError, OSError) as exc:
        raise RenderError(f"PDF rendering failed: {exc}") from exc
    assert isinstance(data, bytes)
    return data, list(fetcher.refused)
